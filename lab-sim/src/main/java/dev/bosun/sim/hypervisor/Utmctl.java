package dev.bosun.sim.hypervisor;

import dev.bosun.sim.host.HostState;
import dev.bosun.sim.shell.Invocation;
import dev.bosun.sim.shell.Result;
import java.util.List;

/**
 * UTM's {@code utmctl} on a Mac: list, status, clone --name, start, stop, delete, ip-address, version, with utmctl's
 * output (the padded list table, one-word status, silence on success) and its failure modes: "Error: Virtual machine
 * not found." (exit 1), and Apple Event errors on stderr with exit 0.
 */
public final class Utmctl {

  public static final String PATH = "/Applications/UTM.app/Contents/MacOS/utmctl";
  static final String VERSION = "4.6.4";
  static final String DENIED =
      "Error from event: The operation couldn\u2019t be completed. (OSStatus error -1743.)\n"
          + "NOTE: utmctl does not work from SSH sessions or before logging in.\n";
  static final String OUT_OF_SPACE =
      "Error from event: The operation couldn\u2019t be completed. (NSCocoaErrorDomain error 640.)\n";

  private final Hypervisors hypervisors;

  public Utmctl(Hypervisors hypervisors) {
    this.hypervisors = hypervisors;
  }

  public Result run(Invocation inv) {
    HostState host = inv.host();
    if (host.platform() != HostState.Platform.MACOS) {
      return Result.fail(127, "bash: " + inv.name() + ": command not found\n");
    }
    List<String> a = inv.rest();
    if (a.isEmpty()) {
      return Result.fail(
          64, "Error: Missing expected argument '<subcommand>'\nUsage: utmctl <subcommand>\n");
    }
    String sub = a.get(0);
    if (hypervisors.automationDenied(host.name())) {
      // The scripting bridge's event fails; utmctl prints what it could (list: its header) and
      // exits 0.
      return new Result(0, sub.equals("list") ? header() : "", DENIED);
    }
    if (sub.equals("list")) {
      StringBuilder b = new StringBuilder(header());
      for (Vm vm : hypervisors.all(host.name())) {
        b.append(vm.uuid)
            .append(' ')
            .append(String.format("%-8s", status(vm)))
            .append(' ')
            .append(vm.name)
            .append('\n');
      }
      return Result.ok(b.toString());
    }
    if (sub.equals("version")) {
      return Result.ok(VERSION + "\n");
    }
    if (a.size() < 2) {
      return Result.fail(
          64,
          "Error: Missing expected argument '<identifier>'\nHelp:  <identifier>  Either the UUID or the complete name"
              + " of the virtual machine.\nUsage: utmctl " + sub + " <identifier>\n");
    }
    Vm vm = find(host, a.get(1));
    if (vm == null) {
      return Result.fail(1, "Error: Virtual machine not found.\n");
    }
    switch (sub) {
      case "status" -> {
        return Result.ok(status(vm) + "\n");
      }
      case "clone" -> {
        String name = inv.option(null, "--name");
        if (hypervisors.createFails(host.name())) {
          return new Result(0, "", OUT_OF_SPACE);
        }
        Vm clone =
            hypervisors.define(host.name(), name == null ? vm.name + " copy" : name, host.arch());
        clone.image = vm.name;
        clone.cpus = vm.cpus;
        clone.memoryMiB = vm.memoryMiB;
        return Result.ok("");
      }
      case "start" -> {
        hypervisors.boot(vm);
        return Result.ok("");
      }
      case "stop" -> {
        hypervisors.powerOff(vm);
        return Result.ok("");
      }
      case "delete" -> {
        hypervisors.destroy(host.name(), vm);
        return Result.ok("");
      }
      case "ip-address" -> {
        String address = hypervisors.address(host.name(), vm);
        return Result.ok(address == null ? "" : address + "\nfe80::5054:ff:fe12:3456\n");
      }
      default -> {
        return Result.fail(
            64, "Error: Unexpected argument '" + sub + "'\nUsage: utmctl <subcommand>\n");
      }
    }
  }

  private static String header() {
    return "UUID                                 Status   Name\n";
  }

  private static String status(Vm vm) {
    return vm.running ? "started" : "stopped";
  }

  private Vm find(HostState host, String identifier) {
    for (Vm vm : hypervisors.all(host.name())) {
      if (vm.uuid.equalsIgnoreCase(identifier) || vm.name.equals(identifier)) {
        return vm;
      }
    }
    return null;
  }
}
