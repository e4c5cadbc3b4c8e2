package dev.bosun.sim.programs;

import dev.bosun.sim.LabState;
import dev.bosun.sim.host.HostState;
import dev.bosun.sim.shell.Invocation;
import dev.bosun.sim.shell.Result;
import java.util.List;

/** systemctl for the one unit the lab knows, kubelet.service. */
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
    boolean known = unit.equals("kubelet.service") && host.packages().containsKey("kubelet");
    switch (verb) {
      case "is-active" -> {
        boolean active = known && host.kubeletActive();
        return new Result(active ? 0 : 3, active ? "active\n" : "inactive\n", "");
      }
      case "restart", "start", "stop" -> {
        if (!inv.root()) {
          return Result.fail(1, "Failed to " + verb + " " + unit + ": Interactive authentication required.\n"
              + "See system logs and 'systemctl status " + unit + "' for details.\n");
        }
        if (!known) {
          return Result.fail(5, "Failed to " + verb + " " + unit + ": Unit " + unit + " not found.\n");
        }
        String warning = host.unitChangedOnDisk()
            ? "Warning: The unit file, source configuration file or drop-ins of kubelet.service changed on disk. "
                + "Run 'systemctl daemon-reload' to reload units.\n" : "";
        if (verb.equals("stop")) {
          state.stopKubelet(host);
        } else if (verb.equals("restart") || !host.kubeletActive()) {
          state.restartKubelet(host);
        }
        return new Result(0, "", warning);
      }
      default -> {
        return Result.fail(1, "Unknown command verb " + verb + ".\n");
      }
    }
  }
}
