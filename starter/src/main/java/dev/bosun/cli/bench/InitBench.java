package dev.bosun.cli.bench;

import dev.bosun.sim.CommandRecord;
import dev.bosun.sim.LabSim;
import dev.bosun.sim.LabSpec;
import dev.bosun.workflows.BosunSearchAttributes;
import dev.bosun.workflows.WorkflowIds;
import dev.bosun.workflows.WorkflowNames;
import dev.bosun.workflows.activities.VmRequest;
import dev.bosun.workflows.init.InitReport;
import dev.bosun.workflows.init.InitRequest;
import dev.bosun.workflows.model.Inventory;
import dev.bosun.workflows.model.NodeSpec;
import io.temporal.api.common.v1.Payload;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.common.converter.DefaultDataConverter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Cluster init (3 + 5 VMs on Vagrant, Hyper-V and UTM hosts, 200 ms per host command) against the bound the lab
 * itself imposes: the init's phases are barriers, so the bound is the sum over phases of the least time the phase's
 * host commands need — its longest lane (one node's commands in that phase, in series) or, when there are more lanes
 * than the phase runs at once, their total divided by that parallelism — plus the NotReady window of the last node
 * to join. Commands are taken from lab-sim's command log of the same run, each to the node it is for (its own host,
 * or a hypervisor command naming its VM) and to the phase that was current when it started.
 */
@Command(
    name = "init",
    mixinStandardHelpOptions = true,
    description =
        "bosun init of 3 + 5 VMs (Vagrant, Hyper-V, UTM), 200 ms per host command: wall time / critical-path bound.")
public final class InitBench implements Callable<Integer> {

  @Mixin
  BenchOptions options;

  @Option(
      names = "--control-planes",
      defaultValue = "3",
      description = "Control planes (default ${DEFAULT-VALUE}).")
  int controlPlanes;

  @Option(
      names = "--workers",
      defaultValue = "5",
      description = "Workers (default ${DEFAULT-VALUE}).")
  int workers;

  @Option(
      names = "--latency-ms",
      defaultValue = "200",
      description = "Fixed latency of every host command, ms (default ${DEFAULT-VALUE}).")
  long latencyMs;

  @Option(
      names = "--server",
      defaultValue = "embedded",
      description = "Temporal server: embedded or dev (default ${DEFAULT-VALUE}).")
  String server;

  private static final long NOT_READY_MS = 2000;
  /** BosunPhase values (InitPhase) of the phases that run one thing at a time. */
  private static final java.util.Set<String> SERIAL_PHASES = java.util.Set.of(
      "InspectingHypervisors", "Initialising", "ApplyingCni", "JoiningControlPlanes");

  private static final String WAITING_READY = "WaitingForReady";

  /** One run: wall time, bound, and the bound's make-up per phase. */
  record Run(
      long wallMillis,
      long boundMillis,
      Map<String, Long> phaseBounds,
      Map<String, Long> phaseWalls,
      int commands) {
    double ratio() {
      return (double) wallMillis / boundMillis;
    }
  }

  @Override
  public Integer call() throws Exception {
    options.validate();
    List<Run> runs = new ArrayList<>();
    String name;
    try (TemporalServer temporal = TemporalServer.start(server, options.repo);
        BosunUpgrade bosun = new BosunUpgrade(temporal.address(), true, Map.of())) {
      name = temporal.name();
      runOnce(bosun, "init-warm", 1, 1); // class loading, JIT, first SSH handshakes
      for (int r = 1; r <= options.runs; r++) {
        Run run = runOnce(bosun, "init-" + r, controlPlanes, workers);
        runs.add(run);
        System.out.printf(
            "run %d: wall %.1f s, bound %.1f s, ratio %.3f, %d host commands (load %s)%n",
            r,
            run.wallMillis() / 1000.0,
            run.boundMillis() / 1000.0,
            run.ratio(),
            run.commands(),
            Machine.loadAverage());
      }
    }
    Table summary = new Table(
        "Temporal",
        "wall s, median [min–max]",
        "bound s",
        "wall / bound (median)",
        "host commands",
        "load avg");
    summary.row(
        name,
        Stats.medianRange(runs.stream().map(x -> x.wallMillis() / 1000.0).toList(), 1),
        Stats.fmt(Stats.median(runs.stream().map(x -> x.boundMillis() / 1000.0).toList()), 1),
        Stats.fmt(Stats.median(runs.stream().map(Run::ratio).toList()), 3),
        runs.get(0).commands(),
        Machine.loadAverage());
    Run last = runs.get(runs.size() - 1);
    Table phases = new Table("phase", "bound s", "measured s");
    last.phaseBounds()
        .forEach((p, b) -> phases.row(
            p,
            Stats.fmt(b / 1000.0, 2),
            Stats.fmt(last.phaseWalls().getOrDefault(p, 0L) / 1000.0, 2)));
    String body = "bosun init of " + controlPlanes + " control planes + " + workers
        + " workers as VMs on lab-sim's hypervisor hosts "
        + "(control planes and every third worker on Vagrant/libvirt, then Hyper-V on Windows 10 Pro, then UTM arm64), every host "
        + "command " + latencyMs + " ms, a joined node NotReady for " + NOT_READY_MS
        + " ms, parallelism 4. Bound = Σ over the init's "
        + "phases (they are barriers) of max(longest lane, Σ lanes ÷ the phase's parallelism p, p-th + (p+1)-th longest lane), a lane being one node's host commands "
        + "in that phase × the latency (hypervisor commands go to the node whose VM they name; the first control plane's token and "
        + "certificate commands during joins form its own lane, which makes the bound lower, not higher), + the NotReady window of "
        + "the last node to join. Worker in this JVM, one warm-up init (1 + 1) first.\n\n"
        + summary.markdown()
        + "\nPhases of the last run (measured = from the phase's start to the next one's, as the workflow history records them):\n\n"
        + phases.markdown();
    System.out.println();
    System.out.print(summary.markdown());
    System.out.print(phases.markdown());
    options.write(
        "init",
        "8. Cluster init: wall time vs its critical-path bound",
        "java -jar starter/target/bosun.jar bench init --runs " + options.runs + " --server "
            + server,
        body);
    return 0;
  }

  private Run runOnce(BosunUpgrade bosun, String cluster, int cps, int ws) throws Exception {
    try (LabSim lab =
        LabSim.start(LabSpec.forInit(cluster, cps, ws, "v1.30.6", BenchOptions.tempDir(cluster))
            .withCommandLatency(Duration.ofMillis(latencyMs))
            .withNotReadyWindow(Duration.ofMillis(NOT_READY_MS)))) {
      Inventory inv = BosunUpgrade.inventory(lab);
      WorkflowStub stub = bosun
          .client()
          .newUntypedWorkflowStub(
              WorkflowNames.CLUSTER_INIT,
              WorkflowOptions.newBuilder()
                  .setWorkflowId(WorkflowIds.mutation(cluster))
                  .setTaskQueue(BosunUpgrade.TASK_QUEUE)
                  .setWorkflowExecutionTimeout(Duration.ofHours(1))
                  .build());
      long t0 = System.currentTimeMillis();
      stub.start(new InitRequest(inv));
      InitReport done = stub.getResult(InitReport.class);
      long end = System.currentTimeMillis();
      if (!InitReport.SUCCEEDED.equals(done.outcome())) {
        throw new IllegalStateException(
            "init of " + cluster + " ended " + done.outcome() + ": " + done.notes());
      }
      Map<String, Long> phaseStarts = phaseStarts(bosun, WorkflowIds.mutation(cluster));
      return bound(lab, inv, t0, end, phaseStarts);
    }
  }

  /**
   * The least time {@code lanes} (longest first) take when at most {@code parallel} run at once, each lane in one go:
   * the longest lane, the total spread evenly, and — since two of the {@code parallel + 1} longest must share a slot —
   * the sum of the {@code parallel}-th and {@code (parallel + 1)}-th longest (the classic lower bounds).
   */
  static long lanesBound(List<Long> lanes, int parallel) {
    long longest = lanes.isEmpty() ? 0 : lanes.get(0);
    long spread = lanes.stream().mapToLong(Long::longValue).sum() / parallel;
    long shared = lanes.size() > parallel ? lanes.get(parallel - 1) + lanes.get(parallel) : 0;
    return Math.max(longest, Math.max(spread, shared));
  }

  /**
   * When each phase began, exactly: the workflow writes its BosunPhase search attribute as a phase starts, before it
   * schedules the phase's first activity, and the history keeps each write's time.
   */
  private static Map<String, Long> phaseStarts(BosunUpgrade bosun, String workflowId) {
    Map<String, Long> starts = new LinkedHashMap<>();
    for (HistoryEvent e : bosun.client().fetchHistory(workflowId).getEvents()) {
      if (e.getEventType() == EventType.EVENT_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES) {
        Payload phase = e.getUpsertWorkflowSearchAttributesEventAttributes()
            .getSearchAttributes()
            .getIndexedFieldsMap()
            .get(BosunSearchAttributes.PHASE.getName());
        if (phase != null) {
          String value =
              DefaultDataConverter.STANDARD_INSTANCE.fromPayload(phase, String.class, String.class);
          starts.putIfAbsent(
              value,
              e.getEventTime().getSeconds() * 1000 + e.getEventTime().getNanos() / 1_000_000);
        }
      }
    }
    return starts;
  }

  /** The bound of a finished run from its command log, per the phases its history records. */
  private Run bound(LabSim lab, Inventory inv, long t0, long end, Map<String, Long> phaseStarts) {
    List<String> phases = new ArrayList<>(phaseStarts.keySet());
    Map<String, Map<String, Integer>> lanes = new LinkedHashMap<>(); // phase -> lane -> commands
    phases.forEach(p -> lanes.put(p, new LinkedHashMap<>()));
    List<CommandRecord> records = lab.commandLog().all();
    int unattributed = 0;
    for (CommandRecord c : records) {
      String phase = phases.get(0);
      for (String p : phases) {
        if (phaseStarts.get(p) <= c.startMillis()) {
          phase = p;
        }
      }
      String lane = lane(inv, c);
      lanes.get(phase).merge(lane != null ? lane : "#" + unattributed++, 1, Integer::sum);
    }
    Map<String, Long> bounds = new LinkedHashMap<>();
    Map<String, Long> walls = new LinkedHashMap<>();
    long total = 0;
    for (int i = 0; i < phases.size(); i++) {
      String p = phases.get(i);
      int parallel = SERIAL_PHASES.contains(p) ? 1 : inv.init().parallelism();
      long b = lanesBound(
              lanes.get(p).values().stream()
                  .map(n -> n * latencyMs)
                  .sorted(java.util.Comparator.reverseOrder())
                  .toList(),
              parallel)
          + (p.equals(WAITING_READY) ? NOT_READY_MS : 0);
      bounds.put(p, b);
      total += b;
      long startP = phaseStarts.get(p);
      walls.put(p, (i + 1 < phases.size() ? phaseStarts.get(phases.get(i + 1)) : end) - startP);
    }
    return new Run(end - t0, total, bounds, walls, records.size());
  }

  /**
   * The node a command is for: its own host's (unless it names another node: kubectl on the first control plane), or the
   * node whose VM a hypervisor command names. Null for the rest (a Vagrantfile rewrite, a token on the first control
   * plane): each such command is then a lane of its own, which can only make the bound lower.
   */
  private static String lane(Inventory inv, CommandRecord c) {
    for (NodeSpec n : inv.nodes()) {
      if (c.command().contains(VmRequest.vmName(inv.cluster(), n.name()))
          || c.command().matches(".*\\bnode '?" + n.name() + "\\b.*")) {
        return n.name();
      }
    }
    return inv.hasNode(c.host()) && !isForAnotherNode(c.command()) ? c.host() : null;
  }

  /** kubectl commands on a control plane about the cluster, not the host (label, taint, token). */
  private static boolean isForAnotherNode(String command) {
    return command.contains("kubeadm token create")
        || command.contains("upload-certs --upload-certs");
  }
}
