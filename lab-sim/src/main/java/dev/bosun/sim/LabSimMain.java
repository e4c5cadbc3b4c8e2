package dev.bosun.sim;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * Runs a lab until interrupted: {@code LabSimMain [cluster] [controlPlanes] [workers] [version] [workDir]}
 * (defaults lab1 1 3 v1.30.6 ./lab-sim-run). Prints where the inventory, key, known_hosts and kubeconfig are.
 */
public final class LabSimMain {

  private LabSimMain() {}

  public static void main(String[] args) throws Exception {
    LabSpec spec = LabSpec.of(
        arg(args, 0, "lab1"),
        Integer.parseInt(arg(args, 1, "1")),
        Integer.parseInt(arg(args, 2, "3")),
        arg(args, 3, "v1.30.6"),
        Path.of(arg(args, 4, "lab-sim-run")).toAbsolutePath());
    LabSim lab = LabSim.start(spec);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      lab.close();
      stopped.countDown();
    }));
    System.out.printf(
        "lab %s: %d hosts, SSH port %d, API %s%n  inventory  %s%n  key        %s%n  known_hosts %s%n  kubeconfig %s%n",
        spec.cluster(),
        lab.hosts().size(),
        lab.sshPort(),
        lab.apiServerUrl(),
        lab.inventoryFile(),
        lab.privateKey(),
        lab.knownHosts(),
        lab.kubeconfig());
    stopped.await();
  }

  private static String arg(String[] args, int i, String fallback) {
    return args.length > i ? args[i] : fallback;
  }
}
