package dev.bosun.sim.hypervisor;

import dev.bosun.sim.host.HostState;
import dev.bosun.sim.shell.Invocation;
import dev.bosun.sim.shell.Result;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code vagrant} with the vagrant-libvirt plugin, on a Linux hypervisor host: up, status, ssh-config, halt, snapshot,
 * destroy in machine-readable mode ({@code ts,target,type,data} with Vagrant's escaping), the Vagrantfile read from
 * the working directory ({@code cd} in the same command line).
 */
public final class Vagrant {

  static final String VERSION = "2.4.1";
  private static final Pattern DEFINE = Pattern.compile("config\\.vm\\.define \"([^\"]+)\"");
  private static final Pattern BOX = Pattern.compile("\\.vm\\.box = \"([^\"]+)\"");
  private static final Pattern CPUS = Pattern.compile("\\.cpus = (\\d+)");
  private static final Pattern MEMORY = Pattern.compile("\\.memory = (\\d+)");
  private static final String NOT_READY =
      "The provider for this Vagrant-managed machine is reporting that it is not yet ready for SSH."
          + " Depending on your provider this can carry different meanings. Make sure your machine is created and running and try"
          + " again. Additionally, check the output of `vagrant status` to verify that the machine is in the state that you expect."
          + " If you continue to get this error message, please view the documentation for the provider you're using.";

  private final Hypervisors hypervisors;

  public Vagrant(Hypervisors hypervisors) {
    this.hypervisors = hypervisors;
  }

  public Result run(Invocation inv) {
    HostState host = inv.host();
    if (host.platform() != HostState.Platform.LINUX
        || !host.files().containsKey("/usr/bin/vagrant")) {
      return inv.root()
          ? Result.fail(1, "sudo: vagrant: command not found\n")
          : Result.fail(127, "bash: vagrant: command not found\n");
    }
    List<String> a =
        inv.rest().stream().filter(x -> !x.equals("--machine-readable")).toList();
    if (a.isEmpty() || a.get(0).equals("--version") || a.get(0).equals("version")) {
      return Result.ok("Vagrant " + VERSION + "\n");
    }
    Out out = new Out();
    String dir = inv.env().getOrDefault("PWD", "/home/bosun");
    String vagrantfile = host.files().get(dir + "/Vagrantfile");
    if (vagrantfile == null) {
      return out.errorExit(
          "Vagrant::Errors::NoEnvironmentError",
          "A Vagrant environment or target machine is required to run this"
              + " command. Run `vagrant init` to create a new Vagrant environment. Or, get an ID of a target machine from `vagrant"
              + " global-status` to run this command on. A final option is to change to a directory with a Vagrantfile and to try again.");
    }
    Map<String, Define> defines = parse(vagrantfile);
    String sub = a.get(0);
    List<String> args =
        a.subList(1, a.size()).stream().filter(x -> !x.startsWith("-")).toList();
    if (sub.equals("status")) {
      return status(host, defines, out);
    }
    String name = sub.equals("snapshot")
        ? (args.size() > 1 ? args.get(1) : null)
        : args.isEmpty() ? null : args.get(0);
    if (name == null || !defines.containsKey(name)) {
      return out.errorExit(
          "Vagrant::Errors::MachineNotFound",
          "The machine with the name '" + name
              + "' was not found configured for this Vagrant environment.");
    }
    Vm vm = hypervisors.vms(host.name()).get(name);
    return switch (sub) {
      case "up" -> up(host, inv, defines.get(name), vm, out);
      case "ssh-config" -> sshConfig(host, name, vm, out);
      case "halt" -> {
        if (vm != null && vm.running) {
          out.ui(name, "==> " + name + ": Halting domain...");
          hypervisors.powerOff(vm);
        }
        yield out.ok();
      }
      case "destroy" -> destroy(host, inv, name, vm, out);
      case "snapshot" ->
        Snapshots.run(
            hypervisors, args.get(0), name, args.size() > 2 ? args.get(2) : null, vm, out);
      default ->
        out.errorExit(
            "Vagrant::Errors::CLIInvalidUsage", "This command was not invoked properly: " + sub);
    };
  }

  private Result status(HostState host, Map<String, Define> defines, Out out) {
    StringBuilder table = new StringBuilder("Current machine states:\n\n");
    for (String name : defines.keySet()) {
      Vm vm = hypervisors.vms(host.name()).get(name);
      String state = vm == null ? "not_created" : vm.running ? "running" : "shutoff";
      out.line(name, "metadata", "provider", "libvirt");
      out.line(name, "provider-name", "libvirt");
      out.line(name, "state", state);
      out.line(name, "state-human-short", state.replace('_', ' '));
      out.line(
          name,
          "state-human-long",
          vm == null
              ? "The Libvirt domain is not created. Run `vagrant up` to create it."
              : vm.running
                  ? "The Libvirt domain is running. To stop this machine, you can run `vagrant halt`. To destroy the machine, you can run `vagrant destroy`."
                  : "The Libvirt domain is not running. Run `vagrant up` to start it.");
      table.append(String.format("%-25s %s (libvirt)%n", name, state.replace('_', ' ')));
    }
    out.line("", "ui", "info", table.toString());
    return out.ok();
  }

  private Result up(HostState host, Invocation inv, Define d, Vm vm, Out out) {
    String provider = inv.option(null, "--provider");
    if (provider != null && !provider.equals("libvirt")) {
      return out.errorExit(
          "Vagrant::Errors::ProviderNotFound",
          "The provider '" + provider + "' could not be found, but was requested"
              + " to back the machine '" + d.name
              + "'. Please use a provider that exists.\n\nVagrant knows about the following"
              + " providers: docker, hyperv, libvirt");
    }
    out.line("", "ui", "info", "Bringing machine '" + d.name + "' up with 'libvirt' provider...");
    out.line(d.name, "action", "up", "start");
    if (vm == null) {
      if (hypervisors.createFails(host.name())) {
        return out.errorExit(
            "VagrantPlugins::ProviderLibvirt::Errors::CreateDomainError",
            "An error occurred while creating the domain: "
                + "Call to virDomainCreateWithFlags failed: Cannot access storage file '/var/lib/libvirt/images/"
                + d.name
                + ".img' (as uid:64055, gid:108): Permission denied");
      }
      vm = hypervisors.define(host.name(), d.name, host.arch());
      vm.image = d.box;
      vm.cpus = d.cpus;
      vm.memoryMiB = d.memory;
      out.ui(d.name, "==> " + d.name + ": Creating image (snapshot of base box volume).");
      out.ui(d.name, "==> " + d.name + ": Creating domain with the following settings...");
      out.ui(d.name, "==> " + d.name + ":  -- Cpus:              " + d.cpus);
      out.ui(d.name, "==> " + d.name + ":  -- Memory:            " + d.memory + "M");
    }
    if (!vm.running) {
      out.ui(d.name, "==> " + d.name + ": Starting domain.");
      hypervisors.boot(vm);
      out.ui(d.name, "==> " + d.name + ": Waiting for domain to get an IP address...");
      out.ui(d.name, "==> " + d.name + ": Machine booted and ready!");
    } else {
      out.ui(d.name, "==> " + d.name + ": Domain is already running.");
    }
    out.line(d.name, "action", "up", "end");
    return out.ok();
  }

  private Result sshConfig(HostState host, String name, Vm vm, Out out) {
    String address = vm == null ? null : hypervisors.address(host.name(), vm);
    if (address == null) {
      return out.errorExit("Vagrant::Errors::SSHNotReady", NOT_READY);
    }
    out.line(
        name,
        "ssh-config",
        "Host " + name + "\n  HostName " + address + "\n  User vagrant\n  Port 22\n"
            + "  UserKnownHostsFile /dev/null\n  StrictHostKeyChecking no\n  PasswordAuthentication no\n"
            + "  IdentityFile /home/bosun/.vagrant.d/insecure_private_keys/vagrant.key.ed25519\n  IdentitiesOnly yes\n  LogLevel FATAL\n"
            + "  PubkeyAcceptedKeyTypes +ssh-rsa\n  HostKeyAlgorithms +ssh-rsa\n");
    return out.ok();
  }

  private Result destroy(HostState host, Invocation inv, String name, Vm vm, Out out) {
    if (!inv.has("-f") && !inv.has("--force")) {
      return out.errorExit(
          "Vagrant::Errors::UIExpectsTTY",
          "Vagrant is attempting to interface with the UI in a way that requires"
              + " a TTY. Most actions in Vagrant that require a TTY have configuration switches to disable this requirement. Please"
              + " do that or run Vagrant with TTY.");
    }
    out.line(name, "action", "destroy", "start");
    if (vm == null) {
      out.ui(name, "==> " + name + ": Domain is not created. Please run `vagrant up` first.");
    } else {
      out.ui(name, "==> " + name + ": Removing domain...");
      out.ui(name, "==> " + name + ": Deleting the machine folder");
      hypervisors.destroy(host.name(), vm);
    }
    out.line(name, "action", "destroy", "end");
    return out.ok();
  }

  /** One machine of the Vagrantfile, as far as the lab reads Ruby: its name, box, cpus and memory. */
  record Define(String name, String box, int cpus, int memory) {}

  static Map<String, Define> parse(String vagrantfile) {
    Map<String, Define> defines = new LinkedHashMap<>();
    Matcher m = DEFINE.matcher(vagrantfile);
    List<int[]> starts = new ArrayList<>();
    List<String> names = new ArrayList<>();
    while (m.find()) {
      starts.add(new int[] {m.start()});
      names.add(m.group(1));
    }
    for (int i = 0; i < names.size(); i++) {
      String block = vagrantfile.substring(
          starts.get(i)[0], i + 1 < names.size() ? starts.get(i + 1)[0] : vagrantfile.length());
      defines.put(
          names.get(i),
          new Define(
              names.get(i),
              find(BOX, block, "generic/ubuntu2204"),
              Integer.parseInt(find(CPUS, block, "1")),
              Integer.parseInt(find(MEMORY, block, "512"))));
    }
    return defines;
  }

  private static String find(Pattern p, String text, String otherwise) {
    Matcher m = p.matcher(text);
    return m.find() ? m.group(1) : otherwise;
  }
}
