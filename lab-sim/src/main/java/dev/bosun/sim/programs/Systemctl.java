package dev.bosun.sim.programs;

import dev.bosun.sim.LabState;
import dev.bosun.sim.host.HostState;
import dev.bosun.sim.shell.Invocation;
import dev.bosun.sim.shell.Result;
import java.util.List;

/** systemctl for the units a kubeadm host has: kubelet.service and containerd.service (each once its package is installed). */
final class Systemctl {

  private final LabState state;

  Systemctl(LabState state) {
    this.state = state;
  }

  Result run(Invocation inv) {
    List<String> a = inv.rest().stream().filter(x -> !x.startsWith("-")).toList();
    if (a.isEmpty()) {
      return Result.fail(1, "systemctl: a verb is required in the lab\n");
    }
    String verb = a.get(0);
    HostState host = inv.host();
    if (verb.equals("daemon-reload")) {
      if (!inv.root()) {
        return Result.fail(1, "Failed to reload daemon: Interactive authentication required.\n");
      }
      host.unitChangedOnDisk(false);
      return Result.ok("");
    }
    if (a.size() < 2) {
      return Result.fail(1, "Too few arguments.\n");
    }
    String unit = a.get(1).endsWith(".service") ? a.get(1) : a.get(1) + ".service";
    boolean kubelet = unit.equals("kubelet.service");
    boolean known = kubelet && host.packages().containsKey("kubelet")
        || unit.equals("containerd.service") && host.packages().containsKey(Apt.CONTAINERD);
    switch (verb) {
      case "is-active" -> {
        boolean active = known && (kubelet ? host.kubeletActive() : host.containerdActive());
        return new Result(active ? 0 : 3, active ? "active\n" : "inactive\n", "");
      }
      case "is-enabled" -> {
        if (!known) {
          return Result.fail(
              1, "Failed to get unit file state for " + unit + ": No such file or directory\n");
        }
        boolean enabled = host.enabledUnits().contains(unit);
        return new Result(enabled ? 0 : 1, enabled ? "enabled\n" : "disabled\n", "");
      }
      case "enable", "disable" -> {
        if (!inv.root()) {
          return Result.fail(
              1, "Failed to " + verb + " unit: Interactive authentication required.\n");
        }
        if (!known) {
          return Result.fail(
              1, "Failed to " + verb + " unit: Unit file " + unit + " does not exist.\n");
        }
        String err = "";
        if (verb.equals("enable")) {
          if (host.enabledUnits().add(unit)) {
            err = "Created symlink /etc/systemd/system/multi-user.target.wants/" + unit
                + " → /lib/systemd/system/" + unit + ".\n";
          }
          if (inv.has("--now")) {
            start(host, kubelet, false);
          }
        } else {
          host.enabledUnits().remove(unit);
          if (inv.has("--now")) {
            stop(host, kubelet);
          }
        }
        return new Result(0, "", err);
      }
      case "restart", "start", "stop" -> {
        if (!inv.root()) {
          return Result.fail(
              1,
              "Failed to " + verb + " " + unit + ": Interactive authentication required.\n"
                  + "See system logs and 'systemctl status " + unit + "' for details.\n");
        }
        if (!known) {
          return Result.fail(
              5, "Failed to " + verb + " " + unit + ": Unit " + unit + " not found.\n");
        }
        String warning = kubelet && host.unitChangedOnDisk()
            ? "Warning: The unit file, source configuration file or drop-ins of kubelet.service changed on disk. "
                + "Run 'systemctl daemon-reload' to reload units.\n"
            : "";
        if (verb.equals("stop")) {
          stop(host, kubelet);
        } else {
          start(host, kubelet, verb.equals("restart"));
        }
        return new Result(0, "", warning);
      }
      default -> {
        return Result.fail(1, "Unknown command verb " + verb + ".\n");
      }
    }
  }

  private void start(HostState host, boolean kubelet, boolean restart) {
    if (!kubelet) {
      host.containerdActive(true);
    } else if (restart || !host.kubeletActive()) {
      state.restartKubelet(host);
    }
  }

  private void stop(HostState host, boolean kubelet) {
    if (kubelet) {
      state.stopKubelet(host);
    } else {
      host.containerdActive(false);
    }
  }
}
