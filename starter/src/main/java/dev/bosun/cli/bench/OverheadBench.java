package dev.bosun.cli.bench;

import dev.bosun.sim.LabSim;
import dev.bosun.sim.LabSpec;
import dev.bosun.workflows.model.Inventory;
import dev.bosun.workflows.upgrade.NodeReport;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Wall time of a rolling upgrade against the critical-path bound of its own plan, on each Temporal server. */
@Command(
    name = "overhead",
    mixinStandardHelpOptions = true,
    description =
        "Rolling upgrade of a lab (3 + 47, maxUnavailable 5, 200 ms per command): wall time / critical-path bound.")
public final class OverheadBench implements Callable<Integer> {

  @Mixin
  BenchOptions options;

  @Mixin
  LabOptions lab;

  @Option(
      names = "--server",
      split = ",",
      defaultValue = "embedded,dev",
      description = "Temporal servers to run on: embedded, dev (default ${DEFAULT-VALUE}).")
  List<String> servers;

  /** One run's figures. */
  record Run(
      long wallMillis,
      CriticalPath.Bound bound,
      int steps,
      List<List<CriticalPath.NodeChain>> stages,
      List<NodeReport> nodes) {
    double ratio() {
      return (double) wallMillis / bound.millis();
    }

    double perStepOverheadMillis() {
      return (double) (wallMillis - bound.millis()) / steps;
    }
  }

  @Override
  public Integer call() throws Exception {
    options.validate();
    lab.validate();
    StringBuilder body = new StringBuilder();
    body.append(lab.describe())
        .append(
            " Bound = Σ over stages of the stage's longest node chain (host commands × latency + "
                + "NotReady window + longest pod termination grace on the node) or, if longer, the stage's PDB chain (the pods behind one "
                + "PodDisruptionBudget that the stage's drains evicted, from lab-sim's eviction log, leave one budget's worth at a time, each "
                + "wave after the previous wave's replacements are Ready — "
                + dev.bosun.sim.LabSim.POD_READY_DELAY_MILLIS + " ms in lab-sim — so "
                + "the last one starts terminating ≥ (waves − 1) × "
                + dev.bosun.sim.LabSim.POD_READY_DELAY_MILLIS
                + " ms into the drain); host commands counted per node from the lab-sim command "
                + "log of the same run; stages from `BatchPlanner` (cp-1 — which also runs the preflight reads and the etcd snapshot —, cp-2, "
                + "cp-3, then worker batches). Steps = host commands on the critical path + 4 Kubernetes steps (cordon, evict, wait Ready, "
                + "uncordon) per stage. Worker in this JVM (`EmbeddedWorker`), one warm-up upgrade (3 + 2, maxUnavailable 1, no latency) before timing.\n\n");
    Table summary = new Table(
        "Temporal",
        "wall s, median [min–max]",
        "bound s",
        "wall / bound (median)",
        "steps on the critical path",
        "overhead per step ms",
        "load avg");
    Map<String, Run> last = new HashMap<>();
    Map<String, String> profiles = new HashMap<>();
    for (String kind : servers) {
      List<Run> runs = new ArrayList<>();
      String name;
      try (TemporalServer server = TemporalServer.start(kind, options.repo);
          BosunUpgrade bosun = new BosunUpgrade(server.address(), true, Map.of())) {
        name = server.name();
        warmUp(bosun, kind);
        for (int r = 1; r <= options.runs; r++) {
          Run run = runOnce(bosun, "ovh-" + kind + "-" + r);
          runs.add(run);
          if (r == options.runs) {
            profiles.put(kind, profile(bosun, "ovh-" + kind + "-" + r, run));
          }
          System.out.printf(
              "%s run %d: wall %.1f s, bound %.1f s, ratio %.3f, overhead/step %.0f ms (load %s)%n",
              kind,
              r,
              run.wallMillis() / 1000.0,
              run.bound().millis() / 1000.0,
              run.ratio(),
              run.perStepOverheadMillis(),
              Machine.loadAverage());
        }
      }
      last.put(kind, runs.get(runs.size() - 1));
      List<Double> walls = runs.stream().map(x -> x.wallMillis() / 1000.0).toList();
      summary.row(
          name,
          Stats.medianRange(walls, 1),
          Stats.fmt(
              Stats.median(runs.stream().map(x -> x.bound().millis() / 1000.0).toList()), 1),
          Stats.fmt(Stats.median(runs.stream().map(Run::ratio).toList()), 3),
          runs.get(0).steps(),
          Stats.fmt(Stats.median(runs.stream().map(Run::perStepOverheadMillis).toList()), 0),
          Machine.loadAverage());
    }
    body.append(summary.markdown());
    for (String kind : servers) {
      body.append("\nStages of the last run on the ")
          .append(kind)
          .append(
              " server (measured = the slowest node's own duration "
                  + "in the stage, from its `NodeReport`; cp-1's excludes the preflight and snapshot that its bound includes):\n\n");
      body.append(stageTable(last.get(kind)).markdown());
      System.out.print(stageTable(last.get(kind)).markdown());
      body.append(profiles.get(kind));
    }
    System.out.println();
    System.out.print(summary.markdown());
    options.write(
        "overhead",
        "1. Overhead: rolling upgrade vs its critical-path bound",
        "java -jar starter/target/bosun.jar bench overhead --runs " + options.runs + " "
            + lab.flags() + " --server " + String.join(",", servers),
        body.toString());
    return 0;
  }

  private void warmUp(BosunUpgrade bosun, String kind) throws Exception {
    Path dir = BenchOptions.tempDir("warmup");
    // maxUnavailable 1: with 2 workers drained at once the PDB'd web pods would have nowhere to go
    try (LabSim warm = LabSim.start(LabSpec.of("warm-" + kind, 3, 2, "v1.30.6", dir))) {
      bosun.run(warm, "1");
    }
  }

  Run runOnce(BosunUpgrade bosun, String cluster) throws Exception {
    try (LabSim sim = LabSim.start(lab.spec(cluster, BenchOptions.tempDir(cluster)))) {
      Inventory inv = BosunUpgrade.inventory(sim);
      Map<String, Long> termination = LabChains.terminationByNode(sim);
      BosunUpgrade.Result result = bosun.run(sim, lab.maxUnavailable);
      List<List<CriticalPath.NodeChain>> stages =
          LabChains.chains(sim, inv, lab.maxUnavailable, termination);
      CriticalPath.Bound bound = LabChains.bound(sim, stages, lab.latencyMs, lab.notReadyMs);
      return new Run(
          result.wallMillis(), bound, steps(bound), stages, result.report().nodes());
    }
  }

  /** Where the time of the slowest node of cp-2's stage and of the first worker batch went, from their histories. */
  private String profile(BosunUpgrade bosun, String cluster, Run run) {
    StringBuilder sb = new StringBuilder();
    List<CriticalPath.StageBound> stages = run.bound().stages();
    Map<String, Long> durations = new HashMap<>();
    run.nodes().forEach(n -> durations.put(n.node(), n.durationMillis()));
    for (int i : List.of(Math.min(1, stages.size() - 1), Math.min(3, stages.size() - 1))) {
      // the stage's slowest node: the one the next stage waited for
      CriticalPath.NodeChain slowest = run.stages().get(i).stream()
          .max(java.util.Comparator.comparingLong(c -> durations.getOrDefault(c.node(), 0L)))
          .orElseThrow();
      String id = dev.bosun.workflows.WorkflowIds.nodeUpgrade(
          cluster, BosunUpgrade.TARGET, slowest.node(), 1);
      HistoryProfile.Profile p = HistoryProfile.of(bosun.client(), id);
      String text = "\nProfile of `" + id + "`, the slowest node of stage " + (i + 1) + " ("
          + p.events() + " history events; "
          + slowest.hostCommands() + " host commands × " + lab.latencyMs + " ms = "
          + slowest.hostCommands() * lab.latencyMs
          + " ms of command latency):\n\n" + HistoryProfile.table(p).markdown();
      System.out.print(text);
      sb.append(text);
    }
    HistoryProfile.Profile parent =
        HistoryProfile.of(bosun.client(), dev.bosun.workflows.WorkflowIds.mutation(cluster));
    String text = "\nProfile of the parent `" + parent.workflowId() + "` (" + parent.events()
        + " history events; child workflows " + "count as gaps):\n\n"
        + HistoryProfile.table(parent).markdown();
    System.out.print(text);
    sb.append(text);
    return sb.toString();
  }

  /** Host commands on the critical path plus the four Kubernetes steps of each stage. */
  static int steps(CriticalPath.Bound bound) {
    return bound.criticalCommands() + 4 * bound.stages().size();
  }

  private static Table stageTable(Run run) {
    Map<String, Long> durations = new HashMap<>();
    run.nodes().forEach(n -> durations.put(n.node(), n.durationMillis()));
    Table t = new Table(
        "stage",
        "nodes",
        "longest chain",
        "host commands",
        "bound s",
        "measured s",
        "measured − bound s");
    for (int i = 0; i < run.stages().size(); i++) {
      CriticalPath.StageBound sb = run.bound().stages().get(i);
      long measured = run.stages().get(i).stream()
          .mapToLong(c -> durations.getOrDefault(c.node(), 0L))
          .max()
          .orElse(0);
      String chain = sb.longest().node()
          + (sb.limitedBy() == null
              ? ""
              : " + PDB " + sb.limitedBy().pdb() + " (" + sb.limitedBy().pods() + " pods, "
                  + sb.limitedBy().allowedAtOnce() + " at a time)");
      t.row(
          i + 1,
          run.stages().get(i).size(),
          chain,
          sb.longest().hostCommands(),
          Stats.fmt(sb.millis() / 1000.0, 2),
          Stats.fmt(measured / 1000.0, 2),
          Stats.fmt((measured - sb.millis()) / 1000.0, 2));
    }
    return t;
  }
}
