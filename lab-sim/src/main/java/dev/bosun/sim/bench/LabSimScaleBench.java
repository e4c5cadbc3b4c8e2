package dev.bosun.sim.bench;

import dev.bosun.sim.LabSim;
import dev.bosun.sim.LabSpec;
import dev.bosun.sim.SimHost;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Starts a large lab (default 3 control planes + 997 workers), runs a command on a sample of hosts over real SSH
 * (the OpenSSH client when present, otherwise the lab's own loopback dispatch) and prints start time, command
 * latency, heap and thread counts. Usage: LabSimScaleBench [controlPlanes] [workers] [sample].
 */
public final class LabSimScaleBench {

  private LabSimScaleBench() {}

  public static void main(String[] args) throws Exception {
    int cps = args.length > 0 ? Integer.parseInt(args[0]) : 3;
    int workers = args.length > 1 ? Integer.parseInt(args[1]) : 997;
    int sample = args.length > 2 ? Integer.parseInt(args[2]) : 20;
    Path dir = Files.createTempDirectory("lab-sim-bench");
    Runtime rt = Runtime.getRuntime();
    System.gc();
    long heapBefore = rt.totalMemory() - rt.freeMemory();
    var os = (com.sun.management.OperatingSystemMXBean)
        java.lang.management.ManagementFactory.getOperatingSystemMXBean();
    var threads = java.lang.management.ManagementFactory.getThreadMXBean();
    long cpu0 = os.getProcessCpuTime();
    long t0 = System.nanoTime();
    try (LabSim lab = LabSim.start(LabSpec.of("bench", cps, workers, "v1.30.6", dir))) {
      long startMs = (System.nanoTime() - t0) / 1_000_000;
      long startCpuMs = (os.getProcessCpuTime() - cpu0) / 1_000_000;
      System.gc();
      long heapAfter = rt.totalMemory() - rt.freeMemory();
      System.out.printf(
          "lab of %d hosts started in %d ms wall, %d ms CPU (load average %.1f on %d cores); heap used %d MB "
              + "(before %d MB); JVM threads %d%n",
          lab.hosts().size(),
          startMs,
          startCpuMs,
          os.getSystemLoadAverage(),
          os.getAvailableProcessors(),
          heapAfter >> 20,
          heapBefore >> 20,
          threads.getThreadCount());
      long idleCpu0 = os.getProcessCpuTime();
      Thread.sleep(5000);
      System.out.printf(
          "idle (controller ticking every 100 ms): %d ms CPU per second%n",
          (os.getProcessCpuTime() - idleCpu0) / 5 / 1_000_000);
      List<SimHost> hosts = lab.hosts();
      boolean openssh = Files.isExecutable(Path.of("/usr/bin/ssh"));
      long total = 0;
      long worst = 0;
      for (int i = 0; i < sample; i++) {
        SimHost h = hosts.get((int) ((long) i * hosts.size() / sample));
        long s = System.nanoTime();
        String out;
        if (openssh) {
          Process p = new ProcessBuilder(
                  "/usr/bin/ssh",
                  "-p",
                  Integer.toString(lab.sshPort()),
                  "-i",
                  lab.privateKey().toString(),
                  "-o",
                  "StrictHostKeyChecking=yes",
                  "-o",
                  "UserKnownHostsFile=" + lab.knownHosts(),
                  "-o",
                  "BatchMode=yes",
                  "bosun@" + h.address(),
                  "kubeadm version -o short")
              .redirectErrorStream(true)
              .start();
          out = new String(p.getInputStream().readAllBytes()).trim();
          p.waitFor();
        } else {
          out = lab.run(h.name(), "kubeadm version -o short").stdout().trim();
        }
        long ms = (System.nanoTime() - s) / 1_000_000;
        total += ms;
        worst = Math.max(worst, ms);
        if (!out.equals("v1.30.6")) {
          throw new IllegalStateException(h.name() + " answered '" + out + "'");
        }
      }
      System.out.printf(
          "%d commands over %s: mean %d ms, worst %d ms; log has %d records; JVM threads %d%n",
          sample,
          openssh ? "OpenSSH" : "direct dispatch",
          total / Math.max(1, sample),
          worst,
          lab.commandLog().all().size(),
          threads.getThreadCount());
    }
  }
}
