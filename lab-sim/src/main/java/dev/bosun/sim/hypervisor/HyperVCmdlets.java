package dev.bosun.sim.hypervisor;

import dev.bosun.sim.host.HostState;
import dev.bosun.sim.hypervisor.PowerShell.PsError;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The cmdlets of a Windows 10 Pro box with client Hyper-V: the Hyper-V module subset Bosun uses, Get-WindowsOptionalFeature
 * (Get-WindowsFeature exists only on Server), Get-CimInstance, Get-Module, Remove-Item. Switches: "Default Switch"
 * (Internal, NAT) and "LabExternal" (External). VHDX files live in the host's files.
 */
final class HyperVCmdlets implements PowerShell.Cmdlets {

  static final String CAPTION = "Microsoft Windows 10 Pro";
  static final Map<String, PsEnum> SWITCHES =
      Map.of("Default Switch", new PsEnum("Internal", 1), "LabExternal", new PsEnum("External", 2));
  private static final String LOGON_FAILURE =
      "Failed to create a new virtual machine.\r\nAn unexpected error occurred: Logon failure:"
          + " the user has not been granted the requested logon type at this computer. (0x80070569).";

  private final HostState host;
  private final Hypervisors hypervisors;

  HyperVCmdlets(HostState host, Hypervisors hypervisors) {
    this.host = host;
    this.hypervisors = hypervisors;
  }

  @Override
  public List<Object> invoke(String name, Map<String, String> p, List<String> positional)
      throws PsError {
    String cmdlet = name.startsWith("Hyper-V\\") ? name.substring("Hyper-V\\".length()) : name;
    switch (cmdlet) {
      case "Get-WindowsOptionalFeature" -> {
        if (!"Microsoft-Hyper-V-All".equalsIgnoreCase(p.get("featurename"))) {
          throw new PsError(cmdlet, "Feature name " + p.get("featurename") + " is unknown.");
        }
        return List.of(
            obj("FeatureName", "Microsoft-Hyper-V-All", "State", new PsEnum("Enabled", 2)));
      }
      case "Get-CimInstance" -> {
        return List.of(obj("Caption", CAPTION, "Version", "10.0.19045", "BuildNumber", "19045"));
      }
      case "Get-Module" -> {
        return List.of(
            obj("Name", "Hyper-V", "Version", "2.0.0.0"), obj("Name", "Hyper-V", "Version", "1.1"));
      }
      case "Get-VMSwitch" -> {
        List<Object> out = new ArrayList<>();
        SWITCHES.forEach((n, type) -> {
          if (p.get("name") == null || p.get("name").equalsIgnoreCase(n)) {
            out.add(obj("Name", n, "SwitchType", type));
          }
        });
        if (out.isEmpty()) {
          throw new PsError(
              cmdlet,
              "Hyper-V was unable to find a virtual switch with name \"" + p.get("name") + "\".");
        }
        return out;
      }
      case "Get-VM" -> {
        List<Object> out = new ArrayList<>();
        for (Vm vm : hypervisors.all(host.name())) {
          if (p.get("name") == null || p.get("name").equalsIgnoreCase(vm.name)) {
            out.add(obj(
                "Name",
                vm.name,
                "State",
                vm.running ? new PsEnum("Running", 2) : new PsEnum("Off", 3),
                "Notes",
                vm.notes,
                "ProcessorCount",
                vm.cpus,
                "MemoryStartup",
                vm.memoryMiB * 1024 * 1024));
          }
        }
        if (out.isEmpty() && p.get("name") != null) {
          throw new PsError(
              cmdlet,
              "Hyper-V was unable to find a virtual machine with name \"" + p.get("name") + "\".");
        }
        return out;
      }
      case "Get-VMNetworkAdapter" -> {
        Vm vm = vm(cmdlet, p.get("vmname"));
        String address = hypervisors.address(host.name(), vm);
        return List.of(obj(
            "Name",
            "Network Adapter",
            "VMName",
            vm.name,
            "SwitchName",
            "LabExternal",
            "IPAddresses",
            address == null
                ? List.of()
                : List.of(
                    address,
                    "fe80::215:5dff:fe00:" + Integer.toHexString(vm.name.hashCode() & 0xfff))));
      }
      case "New-VHD" -> {
        String path = p.get("path");
        if (!host.files().containsKey(p.get("parentpath"))) {
          throw new PsError(
              cmdlet,
              "Failed to create the virtual hard disk.\r\nThe system failed to create '" + path
                  + "': The system" + " cannot find the file specified. (0x80070002).");
        }
        if (host.files().containsKey(path)) {
          throw new PsError(
              cmdlet,
              "Failed to create the virtual hard disk.\r\nThe system failed to create '" + path
                  + "': The file exists. (0x80070050).");
        }
        host.files().put(path, "differencing:" + p.get("parentpath"));
        return List.of(obj(
            "Path",
            path,
            "ParentPath",
            p.get("parentpath"),
            "VhdType",
            new PsEnum("Differencing", 4)));
      }
      case "Resize-VHD" -> {
        requireFile(cmdlet, p.get("path"));
        return List.of();
      }
      case "New-VM" -> {
        if (hypervisors.createFails(host.name())) {
          throw new PsError(cmdlet, LOGON_FAILURE);
        }
        if (hypervisors.vms(host.name()).containsKey(p.get("name"))) {
          throw new PsError(
              cmdlet,
              "Failed to create a new virtual machine.\r\nA virtual machine named '" + p.get("name")
                  + "' already exists.");
        }
        if (p.get("switchname") != null && !SWITCHES.containsKey(p.get("switchname"))) {
          throw new PsError(
              cmdlet,
              "Hyper-V was unable to find a virtual switch with name \"" + p.get("switchname")
                  + "\".");
        }
        requireFile(cmdlet, p.get("vhdpath"));
        Vm vm = hypervisors.define(host.name(), p.get("name"), host.arch());
        vm.memoryMiB =
            Long.parseLong(p.getOrDefault("memorystartupbytes", "1073741824")) / (1024 * 1024);
        vm.disk = p.get("vhdpath");
        vm.cpus = 1;
        return List.of(obj("Name", vm.name, "State", new PsEnum("Off", 3)));
      }
      case "Set-VM" -> {
        Vm vm = vm(cmdlet, p.get("name"));
        if (p.containsKey("processorcount")) {
          vm.cpus = Integer.parseInt(p.get("processorcount"));
        }
        if (p.containsKey("notes")) {
          vm.notes = p.get("notes");
        }
        return List.of();
      }
      case "Set-VMFirmware" -> {
        vm(cmdlet, p.get("vmname"));
        return List.of();
      }
      case "Start-VM" -> {
        hypervisors.boot(vm(cmdlet, p.get("name")));
        return List.of();
      }
      case "Stop-VM" -> {
        hypervisors.powerOff(vm(cmdlet, p.get("name")));
        return List.of();
      }
      case "Remove-VM" -> {
        Vm vm = vm(cmdlet, p.get("name"));
        if (vm.running) {
          throw new PsError(
              cmdlet,
              "The operation cannot be performed while the virtual machine is in its current state.");
        }
        requireConfirmed(cmdlet, p, "force");
        hypervisors.destroy(host.name(), vm);
        return List.of();
      }
      case "Remove-Item" -> {
        if (host.files().remove(p.get("path")) == null) {
          throw new PsError(
              cmdlet, "Cannot find path '" + p.get("path") + "' because it does not exist.");
        }
        return List.of();
      }
      case "Checkpoint-VM" -> {
        Vm vm = vm(cmdlet, p.get("name"));
        hypervisors.saveSnapshot(
            vm,
            p.getOrDefault("snapshotname", vm.name + " - (" + java.time.LocalDateTime.now() + ")"));
        return List.of();
      }
      case "Get-VMSnapshot" -> {
        Vm vm = vm(cmdlet, p.get("vmname"));
        List<Object> out = new ArrayList<>();
        vm.snapshots.forEach(s ->
            out.add(obj("Name", s, "VMName", vm.name, "SnapshotType", new PsEnum("Standard", 5))));
        return out;
      }
      case "Restore-VMSnapshot", "Remove-VMSnapshot" -> {
        Vm vm = vm(cmdlet, p.get("vmname"));
        if (!vm.snapshots.contains(p.get("name"))) {
          throw new PsError(
              cmdlet,
              "Hyper-V was unable to find a checkpoint with name \"" + p.get("name")
                  + "\" for the virtual machine \"" + vm.name + "\".");
        }
        if (cmdlet.equals("Restore-VMSnapshot")) {
          requireConfirmed(cmdlet, p, "confirm");
          hypervisors.restoreSnapshot(
              vm, p.get("name"), false); // a production checkpoint restores to a powered-off VM
        } else {
          hypervisors.deleteSnapshot(vm, p.get("name"));
        }
        return List.of();
      }
      default -> {
        return null;
      }
    }
  }

  /** Without -Confirm:$false (or -Force) the cmdlet would prompt, which -NonInteractive forbids. */
  private static void requireConfirmed(String cmdlet, Map<String, String> p, String flag)
      throws PsError {
    boolean ok = flag.equals("confirm")
        ? "False".equals(p.get("confirm"))
        : p.containsKey("force") || "False".equals(p.get("confirm"));
    if (!ok) {
      throw new PsError(
          cmdlet,
          "PowerShell is in NonInteractive mode. Read and Prompt functionality is not available.");
    }
  }

  private void requireFile(String cmdlet, String path) throws PsError {
    if (path == null || !host.files().containsKey(path)) {
      throw new PsError(cmdlet, "The system cannot find the file specified. ('" + path + "')");
    }
  }

  private Vm vm(String cmdlet, String name) throws PsError {
    Vm vm = name == null ? null : hypervisors.vms(host.name()).get(name);
    if (vm == null) {
      throw new PsError(
          cmdlet, "Hyper-V was unable to find a virtual machine with name \"" + name + "\".");
    }
    return vm;
  }

  private static Map<String, Object> obj(Object... kv) {
    Map<String, Object> o = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      o.put((String) kv[i], kv[i + 1]);
    }
    return o;
  }
}
