package dev.bosun.activities.hypervisor;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bosun.activities.Failures;
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
 * Hyper-V through PowerShell over OpenSSH. Ownership is the VM's Notes: {@code bosun:cluster=<cluster>}; a VM of the
 * name without it is never touched. VMs go on an external switch only: the NAT'd "Default Switch" of client Hyper-V
 * changes its subnet at every reboot and cannot be reached from another machine.
 */
final class HyperVDriver implements HypervisorDriver {

  static final String DEFAULT_SWITCH = "Default Switch";
  private static final long MIB = 1024L * 1024;

  static String marker(String cluster) {
    return "bosun:cluster=" + cluster;
  }

  @Override
  public HypervisorFacts inspect(HypervisorTarget t, HypervisorHost host) {
    String vmSwitch = t.spec().vmSwitch();
    if (vmSwitch == null || vmSwitch.isBlank()) {
      throw Failures.nonRetryable(
          HypervisorErrors.UNSUITABLE,
          "hypervisor " + t.name() + ": the inventory must name vmSwitch,"
              + " an external Hyper-V switch the VMs are reachable on");
    }
    List<JsonNode> out = ps(
        host,
        "Hyper-V host " + host.where(),
        "inspecting Hyper-V",
        HyperVScripts.inspect(vmSwitch));
    JsonNode facts = out.isEmpty() ? JSON_EMPTY : out.get(0);
    String caption = PowerShellJson.text(facts, "Caption");
    String feature = PowerShellJson.text(facts, "Feature");
    String switchName = PowerShellJson.text(facts, "Switch");
    String switchType = PowerShellJson.text(facts, "SwitchType");
    boolean client = caption != null && !caption.contains("Server");
    if (!"Enabled".equals(feature)) {
      throw Failures.nonRetryable(
          HypervisorErrors.UNSUITABLE,
          "hypervisor " + t.name() + " (" + caption + "): the Hyper-V feature "
              + HyperVScripts.HYPER_V_FEATURE + " is " + feature + ", not Enabled");
    }
    boolean defaultSwitch = DEFAULT_SWITCH.equalsIgnoreCase(vmSwitch);
    if (switchName == null || switchName.isEmpty()) {
      throw Failures.nonRetryable(
          HypervisorErrors.UNSUITABLE,
          "hypervisor " + t.name() + ": there is no virtual switch named '" + vmSwitch
              + "'; the inventory must name an external switch (New-VMSwitch -NetAdapterName ...)");
    }
    if (defaultSwitch || !"External".equals(switchType)) {
      throw Failures.nonRetryable(
          HypervisorErrors.UNSUITABLE,
          "hypervisor " + t.name() + " (" + caption + "): switch '" + vmSwitch
              + "' is " + switchType
              + (defaultSwitch
                  ? " with NAT (the Default Switch: its subnet changes at every reboot)"
                  : "")
              + "; VMs on it cannot be reached from other machines: the inventory must name an external switch");
    }
    return new HypervisorFacts(
        t.name(),
        HypervisorSpec.HYPERV,
        PowerShellJson.text(facts, "Version"),
        client,
        switchType,
        false,
        true,
        null);
  }

  @Override
  public VmInfo create(HypervisorTarget t, HypervisorHost host, VmRequest vm) {
    String name = VmFailures.vmName(t.cluster(), vm.node());
    inspect(t, host); // refuses an unsuitable switch before anything is created
    JsonNode existing = find(host, name);
    if (existing != null) {
      requireOurs(t, name, existing);
      String state = PowerShellJson.state(existing.get("State"));
      if (!state.equals("Running")) {
        ps(host, name, "Start-VM", HyperVScripts.startVm(name));
      }
      return new VmInfo(vm.node(), name, t.name(), "Running", null, true);
    }
    String vhdx = validated(() -> HyperVScripts.diskPath(t.spec().vmPath(), name));
    String template =
        validated(() -> HyperVScripts.windowsPath("image (a template VHDX)", vm.image()));
    ps(
        host,
        name,
        "creating the VM",
        HyperVScripts.createVm(
            name,
            vhdx,
            template,
            t.spec().vmPath(),
            t.spec().vmSwitch(),
            vm.memoryMiB() * MIB,
            vm.diskGiB() * 1024L * MIB,
            vm.cpus(),
            marker(t.cluster())));
    return new VmInfo(vm.node(), name, t.name(), "Running", null, false);
  }

  @Override
  public VmInfo poll(HypervisorTarget t, HypervisorHost host, String node) {
    String name = VmFailures.vmName(t.cluster(), node);
    String state =
        PowerShellJson.state(requireOurs(t, name, require(host, name)).get("State"));
    String address = null;
    if (state.equals("Running")) {
      for (JsonNode a : ps(host, name, "Get-VMNetworkAdapter", HyperVScripts.addresses(name))) {
        if (address == null && a.asText().matches("\\d+\\.\\d+\\.\\d+\\.\\d+")) {
          address = a.asText();
        }
      }
    }
    return new VmInfo(node, name, t.name(), state, address, false);
  }

  @Override
  public StepOutcome start(HypervisorTarget t, HypervisorHost host, String node) {
    String name = VmFailures.vmName(t.cluster(), node);
    if (PowerShellJson.state(requireOurs(t, name, require(host, name)).get("State"))
        .equals("Running")) {
      return StepOutcome.skipped(name + " is already Running");
    }
    ps(host, name, "Start-VM", HyperVScripts.startVm(name));
    return StepOutcome.done(name + " started");
  }

  @Override
  public StepOutcome stop(HypervisorTarget t, HypervisorHost host, String node) {
    String name = VmFailures.vmName(t.cluster(), node);
    String state =
        PowerShellJson.state(requireOurs(t, name, require(host, name)).get("State"));
    if (state.equals("Off")) {
      return StepOutcome.skipped(name + " is already Off");
    }
    ps(host, name, "Stop-VM", HyperVScripts.stopVm(name));
    return StepOutcome.done(name + " stopped");
  }

  @Override
  public StepOutcome snapshot(
      HypervisorTarget t, HypervisorHost host, String node, SnapshotOp op, String snapshot) {
    String name = VmFailures.vmName(t.cluster(), node);
    requireOurs(t, name, require(host, name));
    List<String> existing =
        ps(host, name, "Get-VMSnapshot", HyperVScripts.checkpoints(name)).stream()
            .map(n -> PowerShellJson.text(n, "Name"))
            .toList();
    boolean has = existing.contains(snapshot);
    switch (op) {
      case SAVE -> {
        if (has) {
          return StepOutcome.skipped(name + ": checkpoint " + snapshot + " already exists");
        }
        ps(host, name, "Checkpoint-VM", HyperVScripts.checkpoint(name, snapshot));
        return StepOutcome.done(name + ": checkpoint " + snapshot + " taken");
      }
      case RESTORE -> {
        if (!has) {
          throw VmFailures.toolFailed(
              name, "restoring checkpoint " + snapshot, "no such checkpoint; it has " + existing);
        }
        ps(host, name, "Restore-VMSnapshot", HyperVScripts.restoreCheckpoint(name, snapshot));
        // A production checkpoint (client Hyper-V's default) restores to a powered-off VM.
        if (!PowerShellJson.state(require(host, name).get("State")).equals("Running")) {
          ps(host, name, "Start-VM", HyperVScripts.startVm(name));
        }
        return StepOutcome.done(name + ": checkpoint " + snapshot + " restored");
      }
      default -> {
        if (!has) {
          return StepOutcome.skipped(name + ": checkpoint " + snapshot + " is already gone");
        }
        ps(host, name, "Remove-VMSnapshot", HyperVScripts.removeCheckpoint(name, snapshot));
        return StepOutcome.done(name + ": checkpoint " + snapshot + " removed");
      }
    }
  }

  @Override
  public StepOutcome destroy(HypervisorTarget t, HypervisorHost host, String node) {
    String name = VmFailures.vmName(t.cluster(), node);
    JsonNode vm = find(host, name);
    if (vm == null) {
      return StepOutcome.skipped(name + " does not exist: already gone");
    }
    requireOurs(t, name, vm);
    boolean off = PowerShellJson.state(vm.get("State")).equals("Off");
    String vhdx = validated(() -> HyperVScripts.diskPath(t.spec().vmPath(), name));
    ps(host, name, "removing the VM", HyperVScripts.destroyVm(name, vhdx, !off));
    return StepOutcome.done(name + " turned off and removed with its disk");
  }

  @Override
  public List<VmInfo> list(HypervisorTarget t, HypervisorHost host) {
    List<VmInfo> vms = new ArrayList<>();
    for (JsonNode vm :
        ps(host, "Hyper-V host " + host.where(), "Get-VM", HyperVScripts.listVms())) {
      String name = PowerShellJson.text(vm, "Name");
      if (ours(t, vm) && name != null && name.startsWith(t.cluster() + "-")) {
        vms.add(new VmInfo(
            name.substring(t.cluster().length() + 1),
            name,
            t.name(),
            PowerShellJson.state(vm.get("State")),
            null,
            false));
      }
    }
    return vms;
  }

  private static boolean ours(HypervisorTarget t, JsonNode vm) {
    String notes = PowerShellJson.text(vm, "Notes");
    return notes != null && notes.lines().anyMatch(l -> l.strip().equals(marker(t.cluster())));
  }

  private static JsonNode requireOurs(HypervisorTarget t, String name, JsonNode vm) {
    if (!ours(t, vm)) {
      throw VmFailures.notOurs(
          name,
          "a Hyper-V VM of this name exists without '" + marker(t.cluster()) + "' in its Notes");
    }
    return vm;
  }

  private static JsonNode find(HypervisorHost host, String name) {
    List<JsonNode> vms = ps(host, name, "Get-VM", HyperVScripts.getVm(name));
    return vms.isEmpty() ? null : vms.get(0);
  }

  private static JsonNode require(HypervisorHost host, String name) {
    JsonNode vm = find(host, name);
    if (vm == null) {
      throw Failures.nonRetryable(
          HypervisorErrors.TOOL_FAILED, name + ": no such VM on Hyper-V host " + host.where());
    }
    return vm;
  }

  /** Runs one framed script; exit 1 fails with PowerShell's message (CLIXML stripped). */
  private static List<JsonNode> ps(HypervisorHost host, String name, String what, String body) {
    CommandResult r = host.run(HyperVScripts.command(HyperVScripts.script(body)));
    if (!r.succeeded()) {
      String error = PowerShellJson.errorText(r.stderr());
      throw VmFailures.toolFailed(
          name, what, error.isEmpty() ? Failures.lastLines(r.stdout(), 3) : error);
    }
    if (PowerShellJson.framed(r.stdout()) == null) {
      return List.of(); // a script without output (Start-VM...)
    }
    try {
      return PowerShellJson.objects(r.stdout());
    } catch (IllegalArgumentException e) {
      throw Failures.nonRetryable(
          Failures.UNPARSEABLE_OUTPUT, name + ": " + what + ": " + e.getMessage());
    }
  }

  private static final JsonNode JSON_EMPTY =
      new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode();

  private static <T> T validated(java.util.function.Supplier<T> build) {
    try {
      return build.get();
    } catch (IllegalArgumentException e) {
      throw Failures.nonRetryable(Failures.INVALID_INPUT, e.getMessage());
    }
  }
}
