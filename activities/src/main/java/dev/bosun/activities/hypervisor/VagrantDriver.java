package dev.bosun.activities.hypervisor;

import dev.bosun.activities.Failures;
import dev.bosun.activities.hypervisor.VagrantMachineReadable.ErrorExit;
import dev.bosun.activities.hypervisor.VagrantMachineReadable.Line;
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
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Vagrant with any provider. Ownership is the project: its Vagrantfile must carry this cluster's marker, and Bosun
 * only touches the machines it defines. The file is rewritten whole (read, change, write) under a lock per project,
 * so parallel createVm calls of one worker never lose each other's machine.
 */
final class VagrantDriver implements HypervisorDriver {

  /** Providers whose Vagrant plugin implements {@code vagrant snapshot} for a running machine. */
  static final Set<String> SNAPSHOT_PROVIDERS =
      Set.of("libvirt", "virtualbox", "hyperv", "vmware_desktop", "parallels");

  static final String NO_SNAPSHOT_SUPPORT = "This provider doesn't support snapshots.";
  private static final Map<String, Object> PROJECT_LOCKS = new ConcurrentHashMap<>();

  @Override
  public HypervisorFacts inspect(HypervisorTarget t, HypervisorHost host) {
    CommandResult r = host.run(VagrantCommands.VERSION);
    if (!r.succeeded()) {
      throw VmFailures.toolFailed(
          "vagrant on " + host.where(),
          "`" + VagrantCommands.VERSION + "`",
          r.stderr() + r.stdout());
    }
    String provider = t.spec().provider();
    boolean snapshots = SNAPSHOT_PROVIDERS.contains(provider);
    String note = snapshots
        ? null
        : "utm".equals(provider)
            ? "vagrant_utm snapshots only stopped machines (qemu-img)"
            : "provider " + provider + ": " + NO_SNAPSHOT_SUPPORT;
    return new HypervisorFacts(
        t.name(),
        HypervisorSpec.VAGRANT,
        r.stdout().strip().replace("Vagrant ", ""),
        false,
        null,
        false,
        snapshots,
        note);
  }

  @Override
  public VmInfo create(HypervisorTarget t, HypervisorHost host, VmRequest vm) {
    String name = VmFailures.vmName(t.cluster(), vm.node());
    String project = t.spec().project();
    synchronized (PROJECT_LOCKS.computeIfAbsent(host.where() + ":" + project, k -> new Object())) {
      Vagrantfile.Parsed file = read(t, host, name);
      String state = file == null
          ? null
          : VagrantMachineReadable.states(
                  ok(host, name, "vagrant status", VagrantCommands.status(project)))
              .get(name);
      if (file != null
          && file.vms().containsKey(vm.node())
          && state != null
          && !state.equals("not_created")) {
        if (!state.equals("running")) {
          ok(
              host,
              name,
              "vagrant up",
              VagrantCommands.up(project, name, t.spec().provider()));
        }
        return new VmInfo(vm.node(), name, t.name(), "running", null, true);
      }
      List<VmRequest> vms =
          new ArrayList<>(file == null ? List.of() : file.vms().values());
      vms.removeIf(v -> v.node().equals(vm.node()));
      vms.add(vm);
      write(t, host, name, vms);
    }
    ok(host, name, "vagrant up", VagrantCommands.up(project, name, t.spec().provider()));
    return new VmInfo(vm.node(), name, t.name(), "running", null, false);
  }

  @Override
  public VmInfo poll(HypervisorTarget t, HypervisorHost host, String node) {
    String name = VmFailures.vmName(t.cluster(), node);
    String state = requireCreated(t, host, name, node);
    if (!state.equals("running")) {
      return new VmInfo(node, name, t.name(), state, null, false);
    }
    List<Line> lines = VagrantMachineReadable.parse(
        host.run(VagrantCommands.sshConfig(t.spec().project(), name)).stdout());
    ErrorExit e = VagrantMachineReadable.errorExit(lines);
    if (e != null && !e.errorClass().endsWith("SSHNotReady")) {
      throw VmFailures.toolFailed(name, "vagrant ssh-config", e.message());
    }
    String address = e == null ? VagrantMachineReadable.hostName(lines) : null;
    return new VmInfo(
        node,
        name,
        t.name(),
        state,
        address != null && address.matches("\\d+\\.\\d+\\.\\d+\\.\\d+") ? address : null,
        false);
  }

  @Override
  public StepOutcome start(HypervisorTarget t, HypervisorHost host, String node) {
    String name = VmFailures.vmName(t.cluster(), node);
    if (requireCreated(t, host, name, node).equals("running")) {
      return StepOutcome.skipped(name + " is already running");
    }
    ok(
        host,
        name,
        "vagrant up",
        VagrantCommands.up(t.spec().project(), name, t.spec().provider()));
    return StepOutcome.done(name + " started");
  }

  @Override
  public StepOutcome stop(HypervisorTarget t, HypervisorHost host, String node) {
    String name = VmFailures.vmName(t.cluster(), node);
    String state = requireCreated(t, host, name, node);
    if (!state.equals("running")) {
      return StepOutcome.skipped(name + " is already " + state);
    }
    ok(host, name, "vagrant halt", VagrantCommands.halt(t.spec().project(), name));
    return StepOutcome.done(name + " halted");
  }

  @Override
  public StepOutcome snapshot(
      HypervisorTarget t, HypervisorHost host, String node, SnapshotOp op, String snapshot) {
    String name = VmFailures.vmName(t.cluster(), node);
    String project = t.spec().project();
    requireCreated(t, host, name, node);
    List<String> existing = VagrantMachineReadable.snapshots(
        ok(host, name, "vagrant snapshot list", VagrantCommands.snapshotList(project, name)));
    switch (op) {
      case SAVE -> {
        if (existing.contains(snapshot)) {
          return StepOutcome.skipped(name + ": snapshot " + snapshot + " already exists");
        }
      }
      case RESTORE -> {
        if (!existing.contains(snapshot)) {
          throw VmFailures.toolFailed(
              name, "restoring snapshot " + snapshot, "no such snapshot; it has " + existing);
        }
      }
      case DELETE -> {
        if (!existing.contains(snapshot)) {
          return StepOutcome.skipped(name + ": snapshot " + snapshot + " is already gone");
        }
      }
    }
    String verb = op.name().toLowerCase(java.util.Locale.ROOT);
    ok(
        host,
        name,
        "vagrant snapshot " + verb,
        VagrantCommands.snapshot(project, verb, name, snapshot));
    return StepOutcome.done(name + ": snapshot " + snapshot + " "
        + (op == SnapshotOp.SAVE ? "saved" : op == SnapshotOp.RESTORE ? "restored" : "deleted"));
  }

  @Override
  public StepOutcome destroy(HypervisorTarget t, HypervisorHost host, String node) {
    String name = VmFailures.vmName(t.cluster(), node);
    String project = t.spec().project();
    synchronized (PROJECT_LOCKS.computeIfAbsent(host.where() + ":" + project, k -> new Object())) {
      Vagrantfile.Parsed file = read(t, host, name);
      if (file == null || !file.vms().containsKey(node)) {
        return StepOutcome.skipped(name + " is not defined in " + project + ": already gone");
      }
      String state = VagrantMachineReadable.states(
              ok(host, name, "vagrant status", VagrantCommands.status(project)))
          .get(name);
      if (state != null && !state.equals("not_created")) {
        ok(host, name, "vagrant destroy", VagrantCommands.destroy(project, name));
      }
      List<VmRequest> rest = new ArrayList<>(file.vms().values());
      rest.removeIf(v -> v.node().equals(node));
      write(t, host, name, rest);
      return state == null || state.equals("not_created")
          ? StepOutcome.skipped(name + " was never created; its definition removed")
          : StepOutcome.done(name + " destroyed");
    }
  }

  @Override
  public List<VmInfo> list(HypervisorTarget t, HypervisorHost host) {
    CommandResult r = host.run(VagrantCommands.readVagrantfile(t.spec().project()));
    Vagrantfile.Parsed file = r.succeeded() ? Vagrantfile.parse(r.stdout()) : null;
    if (file == null || !t.cluster().equals(file.cluster()) || file.vms().isEmpty()) {
      return List.of();
    }
    Map<String, String> states = VagrantMachineReadable.states(
        ok(host, t.cluster(), "vagrant status", VagrantCommands.status(t.spec().project())));
    List<VmInfo> vms = new ArrayList<>();
    for (String node : file.vms().keySet()) {
      String name = VmFailures.vmName(t.cluster(), node);
      String state = states.get(name);
      if (state != null && !state.equals("not_created")) {
        vms.add(new VmInfo(node, name, t.name(), state, null, false));
      }
    }
    return vms;
  }

  /** The state of a machine this cluster's Vagrantfile defines and Vagrant has created; fails otherwise. */
  private String requireCreated(HypervisorTarget t, HypervisorHost host, String name, String node) {
    Vagrantfile.Parsed file = read(t, host, name);
    String state = file == null || !file.vms().containsKey(node)
        ? null
        : VagrantMachineReadable.states(
                ok(host, name, "vagrant status", VagrantCommands.status(t.spec().project())))
            .get(name);
    if (state == null || state.equals("not_created")) {
      throw Failures.nonRetryable(
          HypervisorErrors.TOOL_FAILED,
          name + ": no such machine in " + t.spec().project() + " on " + host.where());
    }
    return state;
  }

  /** This cluster's Vagrantfile, null when there is none; a file without this cluster's marker is refused. */
  private static Vagrantfile.Parsed read(HypervisorTarget t, HypervisorHost host, String name) {
    CommandResult r = host.run(VagrantCommands.readVagrantfile(t.spec().project()));
    if (!r.succeeded()) {
      if (r.stderr().contains("No such file")) {
        return null;
      }
      throw VmFailures.toolFailed(name, "reading the Vagrantfile", r.stderr());
    }
    Vagrantfile.Parsed file = Vagrantfile.parse(r.stdout());
    if (!t.cluster().equals(file.cluster())) {
      throw VmFailures.notOurs(
          name,
          "the Vagrantfile in " + t.spec().project() + " is "
              + (file.cluster() == null
                  ? "not Bosun's (no " + Vagrantfile.MARKER + " line)"
                  : "cluster " + file.cluster() + "'s"));
    }
    return file;
  }

  private static void write(
      HypervisorTarget t, HypervisorHost host, String name, List<VmRequest> vms) {
    String text = validated(() -> Vagrantfile.render(t.cluster(), t.spec().provider(), vms));
    CommandResult r = host.run(VagrantCommands.writeVagrantfile(t.spec().project()), text);
    if (!r.succeeded()) {
      throw VmFailures.toolFailed(
          name, "writing " + t.spec().project() + "/Vagrantfile", r.stderr());
    }
  }

  /** Runs a machine-readable command; {@code error-exit} or a non-zero exit fails with Vagrant's message. */
  private static List<Line> ok(HypervisorHost host, String name, String what, String command) {
    CommandResult r = host.run(command);
    List<Line> lines = VagrantMachineReadable.parse(r.stdout());
    ErrorExit e = VagrantMachineReadable.errorExit(lines);
    if (e != null || !r.succeeded()) {
      String message = e != null
          ? e.message()
          : Failures.lastLines(r.stderr().isBlank() ? r.stdout() : r.stderr(), 5);
      if (message.contains(NO_SNAPSHOT_SUPPORT)) {
        throw VmFailures.noSnapshots(name, message);
      }
      throw VmFailures.toolFailed(
          name,
          what,
          (e != null ? e.errorClass() + ": " : "exit " + r.exitCode() + ": ") + message);
    }
    return lines;
  }

  private static <T> T validated(java.util.function.Supplier<T> build) {
    try {
      return build.get();
    } catch (IllegalArgumentException e) {
      throw Failures.nonRetryable(Failures.INVALID_INPUT, e.getMessage());
    }
  }
}
