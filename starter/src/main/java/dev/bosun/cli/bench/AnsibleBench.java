package dev.bosun.cli.bench;

import dev.bosun.sim.LabSim;
import dev.bosun.sim.SimHost;
import dev.bosun.workflows.model.Inventory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The same rolling upgrade done the Kubespray way: bench/ansible/upgrade.yml (ansible-core, raw module)
 * sends the same host commands in the same order over OpenSSH and drives the same Kubernetes steps with
 * kubectl; each run upgrades a fresh lab with Bosun and another with Ansible, and compares.
 */
@Command(
    name = "ansible",
    mixinStandardHelpOptions = true,
    description =
        "Bosun vs ansible-playbook bench/ansible/upgrade.yml on identical fresh labs: wall time and per-step overhead.")
public final class AnsibleBench implements Callable<Integer> {

  @Mixin
  BenchOptions options;

  @Mixin
  LabOptions lab;

  @Option(
      names = "--ansible-playbook",
      defaultValue = "ansible-playbook",
      description = "The ansible-playbook program (default ${DEFAULT-VALUE}).")
  String ansiblePlaybook;

  record Side(long wallMillis, CriticalPath.Bound bound, Map<String, List<String>> commands) {
    double perStepOverheadMillis() {
      return (double) (wallMillis - bound.millis()) / OverheadBench.steps(bound);
    }
  }

  @Override
  public Integer call() throws Exception {
    options.validate();
    lab.validate();
    Path playbookDir = options.repo.resolve("bench/ansible").toAbsolutePath();
    if (!Files.isRegularFile(playbookDir.resolve("upgrade.yml"))) {
      throw new IllegalArgumentException(
          "--repo: no bench/ansible/upgrade.yml under " + options.repo.toAbsolutePath());
    }
    List<Side> bosunRuns = new ArrayList<>();
    List<Side> ansibleRuns = new ArrayList<>();
    List<String> mismatches = new ArrayList<>();
    try (TemporalServer server = TemporalServer.start("embedded", options.repo);
        BosunUpgrade bosun = new BosunUpgrade(server.address(), true, Map.of())) {
      for (int r = 1; r <= options.runs; r++) {
        Side b = runBosun(bosun, "ans-bosun-" + r);
        Path dump = BenchOptions.tempDir("commands");
        CommandSequences.write(b.commands(), dump.resolve("bosun.tsv"));
        Side a = runAnsible(playbookDir, "ans-ansible-" + r);
        CommandSequences.write(a.commands(), dump.resolve("ansible.tsv"));
        System.out.println("command logs of run " + r + ": " + dump);
        bosunRuns.add(b);
        ansibleRuns.add(a);
        List<String> diff =
            CommandSequences.differences(b.commands(), "Bosun", a.commands(), "Ansible");
        final int run = r;
        mismatches.addAll(diff.stream().map(d -> "run " + run + ": " + d).toList());
        System.out.printf(
            "run %d: Bosun %.1f s, Ansible %.1f s (bounds %.1f / %.1f s), Ansible/Bosun %.2f, host-command differences: %d (load %s)%n",
            r,
            b.wallMillis() / 1000.0,
            a.wallMillis() / 1000.0,
            b.bound().millis() / 1000.0,
            a.bound().millis() / 1000.0,
            (double) a.wallMillis() / b.wallMillis(),
            diff.size(),
            Machine.loadAverage());
        diff.stream().limit(10).forEach(d -> System.out.println("  " + d));
      }
    }
    Table t = new Table(
        "tool",
        "wall s, median [min–max]",
        "bound s",
        "wall / bound",
        "steps",
        "overhead per step ms (median)",
        "ratio to Bosun (wall, same run)");
    List<Double> ratios = new ArrayList<>();
    List<Double> stepRatios = new ArrayList<>();
    for (int i = 0; i < bosunRuns.size(); i++) {
      ratios.add((double) ansibleRuns.get(i).wallMillis() / bosunRuns.get(i).wallMillis());
      stepRatios.add(
          ansibleRuns.get(i).perStepOverheadMillis() / bosunRuns.get(i).perStepOverheadMillis());
    }
    row(t, "Bosun (embedded Temporal, worker in-process)", bosunRuns, "1.00");
    row(
        t,
        "Ansible `raw` + kubectl (bench/ansible/upgrade.yml)",
        ansibleRuns,
        Stats.fmt(Stats.median(ratios), 2) + "×");
    double bosunStep =
        Stats.median(bosunRuns.stream().map(Side::perStepOverheadMillis).toList());
    double ansibleStep =
        Stats.median(ansibleRuns.stream().map(Side::perStepOverheadMillis).toList());
    String verdict = "Per-step overhead: Bosun " + Stats.fmt(bosunStep, 0) + " ms, Ansible "
        + Stats.fmt(ansibleStep, 0)
        + " ms; Bosun/Ansible = " + Stats.fmt(1 / Stats.median(stepRatios), 2) + " (target ≤ 0.10: "
        + (1 / Stats.median(stepRatios) <= 0.10 ? "met" : "missed") + "). Host-command sequences "
        + (mismatches.isEmpty()
            ? "identical on every host in every run."
            : "differ: " + String.join("; ", mismatches.subList(0, Math.min(5, mismatches.size()))))
        + "\n";
    System.out.println();
    System.out.print(t.markdown());
    System.out.println(verdict);
    options.write(
        "ansible",
        "2. Bosun vs Ansible (the Kubespray way)",
        "java -jar starter/target/bosun.jar bench ansible --runs " + options.runs + " "
            + lab.flags(),
        lab.describe()
            + " Each run upgrades two fresh identical labs, one with Bosun and one with `ansible-playbook "
            + "bench/ansible/upgrade.yml` (" + ansibleVersion()
            + "); bound and steps as in section 1, computed from each side's own "
            + "command log.\n\n" + t.markdown() + "\n" + verdict);
    return 0;
  }

  private static void row(Table t, String name, List<Side> runs, String ratio) {
    t.row(
        name,
        Stats.medianRange(runs.stream().map(s -> s.wallMillis() / 1000.0).toList(), 1),
        Stats.fmt(
            Stats.median(runs.stream().map(s -> s.bound().millis() / 1000.0).toList()), 1),
        Stats.fmt(
            Stats.median(runs.stream()
                .map(s -> (double) s.wallMillis() / s.bound().millis())
                .toList()),
            2),
        OverheadBench.steps(runs.get(0).bound()),
        Stats.fmt(Stats.median(runs.stream().map(Side::perStepOverheadMillis).toList()), 0),
        ratio);
  }

  private Side runBosun(BosunUpgrade bosun, String cluster) throws Exception {
    try (LabSim sim = LabSim.start(lab.spec(cluster, BenchOptions.tempDir(cluster)))) {
      Inventory inv = BosunUpgrade.inventory(sim);
      Map<String, Long> termination = LabChains.terminationByNode(sim);
      BosunUpgrade.Result r = bosun.run(sim, lab.maxUnavailable);
      return side(sim, inv, termination, r.wallMillis());
    }
  }

  private Side runAnsible(Path playbookDir, String cluster) throws Exception {
    Path dir = BenchOptions.tempDir(cluster);
    try (LabSim sim = LabSim.start(lab.spec(cluster, dir))) {
      Inventory inv = BosunUpgrade.inventory(sim);
      Map<String, Long> termination = LabChains.terminationByNode(sim);
      Path inventory = writeInventory(sim, dir.resolve("hosts.ini"));
      Map<String, String> env = new HashMap<>();
      env.put("ANSIBLE_CONFIG", playbookDir.resolve("ansible.cfg").toString());
      env.put("ANSIBLE_SSH_CONTROL_PATH_DIR", dir.resolve("cp").toString());
      Exec.Result r = Exec.run(
          List.of(
              ansiblePlaybook,
              "-i",
              inventory.toString(),
              // serial cannot read inventory variables: the batch size is an extra var
              "-e",
              "worker_batch=" + lab.maxUnavailable,
              playbookDir.resolve("upgrade.yml").toString()),
          playbookDir,
          env);
      Files.writeString(dir.resolve("ansible.log"), r.output());
      r.requireSuccess("ansible-playbook (log: " + dir.resolve("ansible.log") + ")");
      for (SimHost h : sim.hosts()) {
        if (!BosunUpgrade.TARGET.toString().equals(sim.state().nodeKubeletVersion(h.name()))) {
          throw new IllegalStateException("after ansible-playbook " + h.name() + " runs kubelet "
              + sim.state().nodeKubeletVersion(h.name()));
        }
      }
      return side(sim, inv, termination, Math.round(r.seconds() * 1000));
    }
  }

  private Side side(LabSim sim, Inventory inv, Map<String, Long> termination, long wall) {
    List<List<CriticalPath.NodeChain>> stages =
        LabChains.chains(sim, inv, lab.maxUnavailable, termination);
    return new Side(
        wall,
        LabChains.bound(sim, stages, lab.latencyMs, lab.notReadyMs),
        CommandSequences.of(sim));
  }

  /** The Ansible inventory of a lab: groups in Bosun's stage order, the lab's key and known_hosts, strict host key checking. */
  Path writeInventory(LabSim sim, Path file) throws IOException {
    StringBuilder sb = new StringBuilder();
    List<SimHost> cps = sim.hosts().stream().filter(SimHost::isControlPlane).toList();
    List<SimHost> workers =
        sim.hosts().stream().filter(h -> !h.isControlPlane()).toList();
    sb.append("[first_control_plane]\n").append(hostLine(cps.get(0)));
    sb.append("\n[other_control_planes]\n");
    cps.subList(1, cps.size()).forEach(h -> sb.append(hostLine(h)));
    sb.append("\n[workers]\n");
    workers.forEach(h -> sb.append(hostLine(h)));
    sb.append("\n[lab:children]\nfirst_control_plane\nother_control_planes\nworkers\n");
    sb.append("\n[lab:vars]\n")
        .append("ansible_port=")
        .append(sim.sshPort())
        .append('\n')
        .append("ansible_user=bosun\n")
        .append("ansible_ssh_private_key_file=")
        .append(sim.privateKey().toAbsolutePath())
        .append('\n')
        .append("ansible_ssh_common_args='-o UserKnownHostsFile=")
        .append(sim.knownHosts().toAbsolutePath())
        .append(" -o StrictHostKeyChecking=yes -o IdentitiesOnly=yes -o BatchMode=yes'\n");
    sb.append("\n[all:vars]\n")
        .append("kubeconfig=")
        .append(sim.kubeconfig().toAbsolutePath())
        .append('\n')
        .append("cluster=")
        .append(sim.spec().cluster())
        .append('\n')
        .append("target_version=")
        .append(BosunUpgrade.TARGET)
        .append('\n')
        .append("target_minor=")
        .append(BosunUpgrade.TARGET.minorLabel())
        .append('\n')
        .append("package_version=")
        .append(BosunUpgrade.TARGET.bare())
        .append("-1.1\n");
    sb.append(
        "\n[local]\nlocalhost ansible_connection=local ansible_python_interpreter=/usr/bin/python3\n");
    Files.writeString(file, sb.toString());
    return file;
  }

  private static String hostLine(SimHost h) {
    return h.name() + " ansible_host=" + h.address() + "\n";
  }

  private String ansibleVersion() {
    try {
      String out = Exec.run(List.of(ansiblePlaybook, "--version")).output();
      return out.lines().findFirst().orElse("ansible-playbook").trim();
    } catch (RuntimeException e) {
      return "ansible-playbook";
    }
  }
}
