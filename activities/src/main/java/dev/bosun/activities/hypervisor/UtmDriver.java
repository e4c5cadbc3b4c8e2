package dev.bosun.activities.hypervisor;

import dev.bosun.activities.Failures;
import dev.bosun.activities.hypervisor.UtmOutput.Entry;
import dev.bosun.activities.ssh.CommandResult;
import dev.bosun.workflows.activities.HypervisorErrors;
import dev.bosun.workflows.activities.HypervisorFacts;
import dev.bosun.workflows.activities.HypervisorTarget;
import dev.bosun.workflows.activities.StepOutcome;
import dev.bosun.workflows.activities.VmInfo;
import dev.bosun.workflows.activities.VmRequest;
import dev.bosun.workflows.model.HypervisorSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * UTM on a Mac through utmctl. Ownership: the name {@code <cluster>-<node>} and the marker file naming the clone's UUID
 * ({@link UtmCommands}), so a same-named VM someone else made is never touched. utmctl drives UTM through Apple Events:
 * it needs a logged-in GUI session and a one-time Automation grant, and says so only on stderr.
 */
final class UtmDriver implements HypervisorDriver {

  static final String PENDING = "pending";
  static final String NO_SNAPSHOTS =
      "utmctl has no snapshot command (UTM keeps no snapshots of its own; only --disposable runs)";
  static final String AUTOMATION_HELP =
      "utmctl needs a logged-in GUI session on the Mac and a one-time Automation grant: log in at"
          + " the Mac, run `utmctl list` once from Terminal there and allow it to control UTM (System Settings > Privacy & Security"
          + " > Automation), then retry";

  @Override
  public HypervisorFacts inspect(HypervisorTarget t, HypervisorHost host) {
    String version = utm(
            t,
            host,
            "UTM on " + host.where(),
            "utmctl version",
            UtmCommands.version(t.spec().utmctl()))
        .stdout()
        .strip();
    return new HypervisorFacts(
        t.name(), HypervisorSpec.UTM, version, false, null, false, false, NO_SNAPSHOTS);
  }

  @Override
  public VmInfo create(HypervisorTarget t, HypervisorHost host, VmRequest vm) {
    String name = VmFailures.vmName(t.cluster(), vm.node());
    String utmctl = t.spec().utmctl();
    List<Entry> vms = list(t, host, name);
    Entry existing = find(vms, name);
    if (existing != null) {
      requireOurs(t, host, existing);
      if (!existing.status().equals("started")) {
        utm(t, host, name, "utmctl start", UtmCommands.start(utmctl, name));
      }
      return new VmInfo(vm.node(), name, t.name(), "started", null, true);
    }
    String image = validated(() -> UtmCommands.image(vm.image()));
    if (find(vms, image) == null) {
      throw VmFailures.toolFailed(
          name,
          "cloning " + image,
          "there is no UTM VM named '" + image + "' to clone; utmctl list has "
              + vms.stream().map(Entry::name).toList());
    }
    // Marked "pending" before the clone, so a retry after a crash between clone and marker still
    // finds it ours.
    writeMarker(t, host, name, PENDING);
    try {
      utm(t, host, name, "utmctl clone", UtmCommands.cloneVm(utmctl, image, name));
    } catch (RuntimeException e) {
      host.run(UtmCommands.removeMarker(
          t.cluster(), name)); // no clone: a later same-named VM must not pass for ours
      throw e;
    }
    Entry clone = find(list(t, host, name), name);
    if (clone == null) {
      throw VmFailures.toolFailed(
          name, "utmctl clone", "it exited without error but no VM named " + name + " is listed");
    }
    writeMarker(t, host, name, clone.uuid());
    utm(t, host, name, "utmctl start", UtmCommands.start(utmctl, name));
    return new VmInfo(vm.node(), name, t.name(), "started", null, false);
  }

  @Override
  public VmInfo poll(HypervisorTarget t, HypervisorHost host, String node) {
    String name = VmFailures.vmName(t.cluster(), node);
    Entry vm = requireOurs(t, host, require(t, host, name));
    String address = null;
    if (vm.status().equals("started")) {
      address = UtmOutput.ipv4(
          utm(t, host, name, "utmctl ip-address", UtmCommands.ipAddress(t.spec().utmctl(), name))
              .stdout());
    }
    return new VmInfo(node, name, t.name(), vm.status(), address, false);
  }

  @Override
  public StepOutcome start(HypervisorTarget t, HypervisorHost host, String node) {
    String name = VmFailures.vmName(t.cluster(), node);
    if (requireOurs(t, host, require(t, host, name)).status().equals("started")) {
      return StepOutcome.skipped(name + " is already started");
    }
    utm(t, host, name, "utmctl start", UtmCommands.start(t.spec().utmctl(), name));
    return StepOutcome.done(name + " started");
  }

  @Override
  public StepOutcome stop(HypervisorTarget t, HypervisorHost host, String node) {
    String name = VmFailures.vmName(t.cluster(), node);
    if (requireOurs(t, host, require(t, host, name)).status().equals("stopped")) {
      return StepOutcome.skipped(name + " is already stopped");
    }
    utm(t, host, name, "utmctl stop", UtmCommands.stop(t.spec().utmctl(), name));
    return StepOutcome.done(name + " stopped");
  }

  @Override
  public StepOutcome snapshot(
      HypervisorTarget t, HypervisorHost host, String node, SnapshotOp op, String snapshot) {
    throw VmFailures.noSnapshots(VmFailures.vmName(t.cluster(), node), NO_SNAPSHOTS);
  }

  @Override
  public StepOutcome destroy(HypervisorTarget t, HypervisorHost host, String node) {
    String name = VmFailures.vmName(t.cluster(), node);
    Entry vm = find(list(t, host, name), name);
    if (vm == null) {
      host.run(UtmCommands.removeMarker(t.cluster(), name));
      return StepOutcome.skipped(name + " does not exist: already gone");
    }
    requireOurs(t, host, vm);
    if (!vm.status().equals("stopped")) {
      utm(t, host, name, "utmctl stop", UtmCommands.stop(t.spec().utmctl(), name));
    }
    utm(t, host, name, "utmctl delete", UtmCommands.delete(t.spec().utmctl(), name));
    host.run(UtmCommands.removeMarker(t.cluster(), name));
    return StepOutcome.done(name + " stopped and deleted");
  }

  @Override
  public List<VmInfo> list(HypervisorTarget t, HypervisorHost host) {
    List<VmInfo> ours = new ArrayList<>();
    for (Entry vm : list(t, host, "UTM on " + host.where())) {
      if (vm.name().startsWith(t.cluster() + "-") && marked(t, host, vm)) {
        ours.add(new VmInfo(
            vm.name().substring(t.cluster().length() + 1),
            vm.name(),
            t.name(),
            vm.status(),
            null,
            false));
      }
    }
    return ours;
  }

  /** The marker names this VM's UUID, or is still "pending" from a create that stopped between clone and marker. */
  private boolean marked(HypervisorTarget t, HypervisorHost host, Entry vm) {
    CommandResult r = host.run(UtmCommands.readMarker(t.cluster(), vm.name()));
    if (r.succeeded() && r.stdout().strip().equals(PENDING)) {
      writeMarker(t, host, vm.name(), vm.uuid());
      return true;
    }
    return r.succeeded() && r.stdout().strip().equalsIgnoreCase(vm.uuid());
  }

  private static void writeMarker(
      HypervisorTarget t, HypervisorHost host, String name, String content) {
    CommandResult marker = host.run(UtmCommands.writeMarker(t.cluster(), name), content + "\n");
    if (!marker.succeeded()) {
      throw VmFailures.toolFailed(
          name, "writing the marker " + UtmCommands.markerFile(t.cluster(), name), marker.stderr());
    }
  }

  private Entry requireOurs(HypervisorTarget t, HypervisorHost host, Entry vm) {
    if (!marked(t, host, vm)) {
      throw VmFailures.notOurs(
          vm.name(),
          "a UTM VM of this name (" + vm.uuid() + ") exists but Bosun's marker "
              + UtmCommands.markerFile(t.cluster(), vm.name()) + " does not name it");
    }
    return vm;
  }

  private Entry require(HypervisorTarget t, HypervisorHost host, String name) {
    Entry vm = find(list(t, host, name), name);
    if (vm == null) {
      throw Failures.nonRetryable(
          HypervisorErrors.TOOL_FAILED, name + ": no such UTM VM on " + host.where());
    }
    return vm;
  }

  private static Entry find(List<Entry> vms, String name) {
    return vms.stream().filter(v -> v.name().equals(name)).findFirst().orElse(null);
  }

  private List<Entry> list(HypervisorTarget t, HypervisorHost host, String name) {
    return UtmOutput.list(
        utm(t, host, name, "utmctl list", UtmCommands.list(t.spec().utmctl())).stdout());
  }

  /** Runs utmctl; stderr naming an error fails even on exit 0, and a refused Apple Event says what the user must do. */
  private static CommandResult utm(
      HypervisorTarget t, HypervisorHost host, String name, String what, String command) {
    CommandResult r = host.run(command);
    if (UtmOutput.automationDenied(r.stderr())) {
      throw Failures.nonRetryable(
          HypervisorErrors.UTM_AUTOMATION,
          name + ": " + what + " was refused by macOS ("
              + VmFailures.quote(Failures.lastLines(r.stderr(), 2)) + "): " + AUTOMATION_HELP);
    }
    if (UtmOutput.failed(r.exitCode(), r.stderr())) {
      throw VmFailures.toolFailed(
          name, what, "exit " + r.exitCode() + ": " + Failures.lastLines(r.stderr(), 3));
    }
    return r;
  }

  private static <T> T validated(java.util.function.Supplier<T> build) {
    try {
      return build.get();
    } catch (IllegalArgumentException e) {
      throw Failures.nonRetryable(Failures.INVALID_INPUT, e.getMessage());
    }
  }
}
