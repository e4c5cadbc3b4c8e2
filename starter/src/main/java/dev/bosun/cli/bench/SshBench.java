package dev.bosun.cli.bench;

import dev.bosun.activities.ActivitySettings;
import dev.bosun.activities.ssh.CommandResult;
import dev.bosun.activities.ssh.SshPool;
import dev.bosun.sim.LabSim;
import dev.bosun.sim.LabSpec;
import dev.bosun.sim.SimHost;
import dev.bosun.workflows.model.HostTarget;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Per-command cost of Bosun's SSH layer (one pooled sshj connection) against OpenSSH with a fresh
 * connection per command and OpenSSH through one ControlMaster, on one lab-sim host with no command latency.
 */
@Command(
    name = "ssh",
    mixinStandardHelpOptions = true,
    description =
        "N sequential commands to one lab-sim host: Bosun's SshPool vs fresh OpenSSH vs OpenSSH ControlMaster.")
public final class SshBench implements Callable<Integer> {

  static final String COMMAND = "hostname";

  @Mixin
  BenchOptions options;

  @Option(
      names = "--commands",
      defaultValue = "200",
      description = "Sequential commands per run (default ${DEFAULT-VALUE}).")
  int commands;

  @Override
  public Integer call() throws Exception {
    options.validate();
    if (commands < 1) {
      throw new IllegalArgumentException("--commands must be at least 1, was " + commands);
    }
    Path work = BenchOptions.tempDir("ssh");
    List<Double> bosun = new ArrayList<>();
    List<Double> fresh = new ArrayList<>();
    List<Double> master = new ArrayList<>();
    int lost;
    try (LabSim lab = LabSim.start(LabSpec.of("bench", 1, 0, "v1.30.6", work))) {
      SimHost host = lab.hosts().get(0);
      HostTarget target = HostTarget.of(BosunUpgrade.inventory(lab), host.name());
      OpenSsh ssh = new OpenSsh(
          lab.privateKey(),
          lab.knownHosts(),
          lab.sshPort(),
          "bosun@" + host.address(),
          host.name());
      try (SshPool pool = new SshPool(ActivitySettings.defaults())) {
        timeBosun(
            pool, target,
            20); // connect and warm up (JIT) before timing: the pool keeps the connection
        Path socket = work.resolve("cm.sock");
        ssh.startMaster(socket);
        try {
          for (int r = 0; r < options.runs; r++) {
            bosun.add(timeBosun(pool, target, commands));
            fresh.add(ssh.timeFresh(commands));
            master.add(ssh.timeViaMaster(socket, commands));
            System.out.printf(
                "run %d: Bosun %.2f ms, OpenSSH fresh %.2f ms, ControlMaster %.2f ms per command%n",
                r + 1, bosun.get(r), fresh.get(r), master.get(r));
          }
        } finally {
          ssh.stopMaster(socket);
        }
        lost = ssh.lostExitStatus;
        if (pool.connects(target) != 1) {
          throw new IllegalStateException("Bosun's pool reconnected " + pool.connects(target)
              + " times; the figure would not be of a reused connection");
        }
      }
    }
    double b = Stats.median(bosun);
    double f = Stats.median(fresh);
    double m = Stats.median(master);
    Table t = new Table(
            "client",
            "ms per command, median of " + options.runs + " [min–max]",
            "ratio to Bosun (same run)")
        .row("Bosun `SshPool` (sshj, one reused connection)", Stats.medianRange(bosun, 2), "1.00")
        .row(
            "OpenSSH, fresh connection each (`-o ControlMaster=no -o ControlPath=none`)",
            Stats.medianRange(fresh, 2),
            Stats.fmt(f / b, 1) + "×")
        .row(
            "OpenSSH through one ControlMaster (`-M -N -f … -o ControlPersist=600` first)",
            Stats.medianRange(master, 2),
            Stats.fmt(m / b, 2) + "×");
    String verdict = b <= m
        ? "Target met: Bosun's per-command overhead (" + Stats.fmt(b, 2)
            + " ms) is no worse than OpenSSH ControlMaster (" + Stats.fmt(m, 2) + " ms)."
        : "Target missed: Bosun " + Stats.fmt(b, 2) + " ms per command vs ControlMaster "
            + Stats.fmt(m, 2) + " ms.";
    String body = commands + " sequential `" + COMMAND
        + "` commands per run to one lab-sim host (real SSH, ECDSA P-256 keys, lab "
        + "known_hosts with StrictHostKeyChecking=yes, user `bosun`), command latency 0, "
        + options.runs + " runs. "
        + "Every OpenSSH command is a new `ssh` process (process start included, as for Ansible); Bosun's figure is a "
        + "call of `SshPool.run` on the already-open connection (connect and 20 warm-up commands before timing; the "
        + "pool reported 1 connect).\n\n" + t.markdown() + "\n" + verdict + "\n"
        + (lost == 0
            ? ""
            : "\nThe OpenSSH client exited 255 for " + lost + " of " + (2 * options.runs * commands)
                + " OpenSSH commands although "
                + "the command's output had arrived (exit status lost; seen through the ControlMaster, a race between lab-sim's very fast "
                + "exit and the mux); they are counted, not retried.\n");
    System.out.println();
    System.out.print(t.markdown());
    System.out.println(verdict);
    options.write(
        "ssh",
        "4. SSH: per-command overhead",
        "java -jar starter/target/bosun.jar bench ssh --runs " + options.runs + " --commands "
            + commands,
        body);
    return 0;
  }

  /** Milliseconds per command over {@code n} sequential commands on the pooled connection. */
  private static double timeBosun(SshPool pool, HostTarget target, int n) {
    long t0 = System.nanoTime();
    for (int i = 0; i < n; i++) {
      CommandResult r = pool.run(target, COMMAND);
      if (r.exitCode() != 0) {
        throw new IllegalStateException("Bosun ssh " + COMMAND + " exited " + r.exitCode());
      }
    }
    return (System.nanoTime() - t0) / 1e6 / n;
  }
}
