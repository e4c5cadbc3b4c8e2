package dev.bosun.cli.bench;

import dev.bosun.sim.LabSim;
import dev.bosun.sim.LabSpec;
import dev.bosun.sim.kube.ClusterStore;
import dev.bosun.sim.kube.LabCluster;
import dev.bosun.workflows.WorkflowIds;
import dev.bosun.workflows.drain.DrainOutcome;
import dev.bosun.workflows.drain.DrainReport;
import dev.bosun.workflows.drain.DrainRequest;
import dev.bosun.workflows.drain.NodeDrainWorkflow;
import dev.bosun.workflows.model.ClusterTarget;
import dev.bosun.workflows.model.Inventory;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.temporal.client.WorkflowOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Draining one node that runs 110 pods (termination grace 1–10 s, some behind a PDB that allows one
 * disruption at a time): Bosun's NodeDrain workflow and `kubectl drain`, each on a fresh lab, against the
 * physical limit.
 */
@Command(
    name = "drain",
    mixinStandardHelpOptions = true,
    description =
        "Drain a node with 110 pods (grace 1–10 s, a PDB'd group): Bosun's NodeDrain vs kubectl drain vs the physical limit.")
public final class DrainBench implements Callable<Integer> {

  static final String NODE = "w-1";
  static final String SPARE = "w-2";
  static final int PDB_REPLICAS = 10;
  static final long PDB_GRACE = 3;
  static final long MAX_GRACE = 10;
  static final long POD_READY_MILLIS = LabSim.POD_READY_DELAY_MILLIS;

  @Mixin
  BenchOptions options;

  @Option(
      names = "--pods",
      defaultValue = "110",
      description = "Evictable pods on the drained node (default ${DEFAULT-VALUE}).")
  int pods;

  @Option(
      names = "--kubectl",
      defaultValue = "kubectl",
      description = "The kubectl program (default ${DEFAULT-VALUE}; "
          + "with --api real the test bed's own kubectl).")
  String kubectl;

  @Option(
      names = "--api",
      defaultValue = "sim",
      paramLabel = "sim|real",
      description =
          "The lab's API backend: sim (lab-sim's own) or real (the test bed's kube-apiserver and controllers; then "
              + "Bosun's drain also runs on sim in the same run, for the comparison). Default: ${DEFAULT-VALUE}.")
  String api;

  @Override
  public Integer call() throws Exception {
    options.validate();
    if (pods < PDB_REPLICAS + MAX_GRACE) {
      throw new IllegalArgumentException(
          "--pods must be at least " + (PDB_REPLICAS + MAX_GRACE) + ", was " + pods);
    }
    LabSpec.ApiBackend backend = LabSpec.ApiBackend.parse(api);
    boolean real = backend == LabSpec.ApiBackend.REAL;
    String kubectlProgram =
        real ? dev.bosun.sim.testbed.TestBed.find().binary("kubectl").toString() : kubectl;
    List<Double> bosunSeconds = new ArrayList<>();
    List<Double> simSeconds = new ArrayList<>();
    List<Double> kubectlSeconds = new ArrayList<>();
    List<Double> floorSeconds = new ArrayList<>();
    int evictable = 0;
    String profile = "";
    try (TemporalServer server = TemporalServer.start("embedded", options.repo);
        BosunUpgrade bosun = new BosunUpgrade(server.address(), true, Map.of())) {
      // warm-up (class loading, JIT) on a small lab, so the figures are of a worker that has
      // drained before
      try (LabSim warm =
          LabSim.start(LabSpec.of("drain-warm", 1, 2, "v1.30.6", BenchOptions.tempDir("drain-warm"))
              .withApi(backend))) {
        drain(bosun, warm);
      }
      for (int r = 1; r <= options.runs; r++) {
        try (LabSim lab = prepared("drain-bosun-" + r, backend)) {
          evictable = evictableOn(lab);
          Inventory inv = BosunUpgrade.inventory(lab);
          bosunSeconds.add(timedDrain(bosun, lab));
          if (r == options.runs) {
            HistoryProfile.Profile prof =
                HistoryProfile.of(bosun.client(), WorkflowIds.mutation(inv.cluster()));
            profile =
                "\nProfile of the last Bosun drain (`" + prof.workflowId() + "`, " + prof.events()
                    + " history events):\n\n" + HistoryProfile.table(prof).markdown();
            System.out.print(profile);
          }
        }
        if (real) {
          try (LabSim lab = prepared("drain-sim-" + r, LabSpec.ApiBackend.SIM)) {
            simSeconds.add(timedDrain(bosun, lab));
          }
          try (LabSim lab = prepared("drain-floor-" + r, backend)) {
            floorSeconds.add(evictAllAtOnce(lab));
          }
        }
        try (LabSim lab = prepared("drain-kubectl-" + r, backend)) {
          Exec.Result k = Exec.run(List.of(
              kubectlProgram,
              "--kubeconfig",
              lab.kubeconfig().toString(),
              "drain",
              NODE,
              "--ignore-daemonsets",
              "--delete-emptydir-data"));
          k.requireSuccess("kubectl drain");
          if (evictableOn(lab) != 0) {
            throw new IllegalStateException(
                "kubectl drain returned with " + evictableOn(lab) + " pods left");
          }
          kubectlSeconds.add(k.seconds());
        }
        System.out.printf(
            "run %d: Bosun %.2f s%s, kubectl drain %.2f s (load %s)%n",
            r,
            bosunSeconds.get(r - 1),
            real
                ? String.format(
                    " (on sim: %.2f s, floor: %.2f s)",
                    simSeconds.get(r - 1), floorSeconds.get(r - 1))
                : "",
            kubectlSeconds.get(r - 1),
            Machine.loadAverage());
      }
    }
    double chain =
        new CriticalPath.PdbChain("db-pdb", List.of(NODE), PDB_REPLICAS, 1, PDB_GRACE * 1000)
                .millis(POD_READY_MILLIS)
            / 1000.0;
    // On real, the control plane and its kubelets (kwok) have their own latency: the floor is what
    // it takes them to
    // make every pod disappear when all are evicted at once, as fast as the API server accepts the
    // evictions.
    double limit = real
        ? Math.max(Math.max(MAX_GRACE, chain), Stats.median(floorSeconds))
        : Math.max(MAX_GRACE, chain);
    double b = Stats.median(bosunSeconds);
    double k = Stats.median(kubectlSeconds);
    String on = real ? " on `real`" : "";
    Table t = new Table(
        "drain of " + NODE,
        "s, median [min–max]",
        "÷ physical limit (" + Stats.fmt(limit, 1) + " s)",
        "÷ kubectl drain");
    t.row(
        "Bosun `NodeDrain` workflow (embedded Temporal)" + on,
        Stats.medianRange(bosunSeconds, 2),
        Stats.fmt(b / limit, 2),
        Stats.fmt(b / k, 2));
    if (real) {
      double sim = Stats.median(simSeconds);
      t.row(
          "Bosun `NodeDrain` workflow on `sim` (same run)",
          Stats.medianRange(simSeconds, 2),
          Stats.fmt(sim / limit, 2),
          Stats.fmt(sim / k, 2));
    }
    t.row(
        "`kubectl drain --ignore-daemonsets --delete-emptydir-data` ("
            + kubectlVersion(kubectlProgram) + ")" + on,
        Stats.medianRange(kubectlSeconds, 2),
        Stats.fmt(k / limit, 2),
        "1.00");
    if (real) {
      t.row(
          "floor: every pod evicted at once (16 parallel requests, 429s retried every 50 ms), until the last is gone",
          Stats.medianRange(floorSeconds, 2),
          Stats.fmt(Stats.median(floorSeconds) / limit, 2),
          Stats.fmt(Stats.median(floorSeconds) / k, 2));
    }
    String verdict = "Target ≤ 1.2 × the limit: " + (b / limit <= 1.2 ? "met" : "missed") + " ("
        + Stats.fmt(b / limit, 2) + ").";
    String body = "A lab of 1 control plane + 2 workers (no command latency); " + SPARE
        + " is cordoned while " + evictable
        + " evictable pods are created on " + NODE
        + " (lab-sim's ClusterStore API: Deployments `grace-1`…`grace-10` with "
        + "termination grace 1–10 s, plus `db`: " + PDB_REPLICAS + " pods with " + PDB_GRACE
        + " s grace behind PDB `db-pdb` "
        + "maxUnavailable 1, plus whatever of the lab's own `web` (PDB maxUnavailable 1) and `coredns` landed there), then "
        + SPARE
        + " is uncordoned so replacements have a place to go. Wall time from the start of the drain until it returns, each on a "
        + "fresh lab, after one warm-up drain of a small lab by the same worker.\n\nPhysical limit = max(longest termination grace = "
        + MAX_GRACE + " s, the PDB'd chain: each `db` eviction "
        + "waits until the previous one's replacement is Ready (" + POD_READY_MILLIS
        + " ms in lab-sim), so (" + PDB_REPLICAS
        + " − 1) × " + POD_READY_MILLIS + " ms + the last one's " + PDB_GRACE + " s grace = "
        + Stats.fmt(chain, 1) + " s) = "
        + Stats.fmt(limit, 1) + " s"
        + (real
            ? ": on `real` the limit is also at least the floor measured in the same run (last row): "
                + "the control plane and its kwok kubelets need that long to remove every pod when all are evicted at once, since "
                + "110 deletions landing within seconds are not all processed the moment their grace ends; no drainer can finish "
                + "sooner."
            : ": the longest termination.")
        + "\n\n" + t.markdown() + "\n" + verdict + "\n" + profile;
    System.out.println();
    System.out.print(t.markdown());
    System.out.println(verdict);
    if (real) {
      options.write(
          "drain-real",
          "6. Drain on the real API backend: " + evictable
              + " pods on one node, real vs sim vs kubectl",
          "java -jar starter/target/bosun.jar bench drain --api real --runs " + options.runs
              + " --pods " + pods,
          "The same drain on lab-sim's `real` backend: a real kube-apiserver, controller-manager (ReplicaSets, the disruption "
              + "controller), scheduler and etcd, with kwok playing the kubelets (a pod is Ready "
              + POD_READY_MILLIS
              + " ms after it starts; a deleted pod is gone when its grace period ends). Bosun on `sim` in the same run for "
              + "comparison, and the test bed's own kubectl on `real`.\n\n" + body);
    } else {
      options.write(
          "drain",
          "3. Drain: " + evictable + " pods on one node",
          "java -jar starter/target/bosun.jar bench drain --runs " + options.runs + " --pods "
              + pods,
          body);
    }
    return 0;
  }

  private static DrainReport drain(BosunUpgrade bosun, LabSim lab) {
    Inventory inv = BosunUpgrade.inventory(lab);
    NodeDrainWorkflow wf = bosun
        .client()
        .newWorkflowStub(
            NodeDrainWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(WorkflowIds.mutation(inv.cluster()))
                .setTaskQueue(BosunUpgrade.TASK_QUEUE)
                .build());
    return wf.drain(new DrainRequest(ClusterTarget.of(inv), NODE, inv.upgrade().drain()));
  }

  /**
   * The real control plane's floor for this drain: cordon, evict every evictable pod at once (16 requests in
   * parallel, a 429 retried every 50 ms), and wait until the last is gone. Seconds.
   */
  private static double evictAllAtOnce(LabSim lab) throws InterruptedException {
    List<String> victims = lab.state()
        .read(cs -> cs.pods().stream()
            .filter(p ->
                NODE.equals(p.getSpec().getNodeName()) && !ClusterStore.isMirror(p) && !daemon(p))
            .map(p -> p.getMetadata().getNamespace() + "/" + p.getMetadata().getName())
            .toList());
    long t0 = System.nanoTime();
    setSchedulable(lab, NODE, false);
    java.util.concurrent.ExecutorService pool =
        java.util.concurrent.Executors.newFixedThreadPool(16);
    try {
      for (String v : victims) {
        String[] nsName = v.split("/");
        pool.submit(() -> {
          // until accepted (201) or gone (404): a 429 (budget) or a transient error is asked again
          for (int code = 0; code != 201 && code != 404; ) {
            code = lab.state()
                .cluster()
                .evict(nsName[0], nsName[1], null, System.currentTimeMillis())
                .code();
            if (code != 201 && code != 404) {
              Thread.sleep(50);
            }
          }
          return null;
        });
      }
      waitFor(lab, () -> evictableOn(lab) == 0);
      return (System.nanoTime() - t0) / 1e9;
    } finally {
      pool.shutdownNow();
    }
  }

  /** Bosun's drain of {@link #NODE}, in seconds; fails unless it drained every pod. */
  private static double timedDrain(BosunUpgrade bosun, LabSim lab) {
    long t0 = System.nanoTime();
    DrainReport report = drain(bosun, lab);
    double s = (System.nanoTime() - t0) / 1e9;
    if (report.outcome() != DrainOutcome.DRAINED || evictableOn(lab) != 0) {
      throw new IllegalStateException(
          "Bosun's drain ended " + report.outcome() + " with " + evictableOn(lab) + " pods left");
    }
    return s;
  }

  /** A fresh lab whose {@link #NODE} runs {@link #pods} evictable pods, all Ready. */
  private LabSim prepared(String cluster, LabSpec.ApiBackend backend) throws Exception {
    LabSim lab = LabSim.start(LabSpec.of(cluster, 1, 2, "v1.30.6", BenchOptions.tempDir(cluster))
        .withAppReplicasPerWorker(0)
        .withApi(backend));
    try {
      setSchedulable(lab, SPARE, false);
      waitFor(lab, () -> allReady(lab));
      int mine = pods - evictableOn(lab);
      synchronized (lab.state().lock()) {
        LabCluster cs = lab.state().cluster();
        long now = lab.state().now();
        cs.addDeployment("default", "db", PDB_REPLICAS, false, PDB_GRACE, now);
        cs.addPdb("default", "db-pdb", "db", new IntOrString(1), null, now);
        int rest = mine - PDB_REPLICAS;
        for (int g = 1; g <= MAX_GRACE; g++) {
          int n = rest / (int) MAX_GRACE + (g <= rest % MAX_GRACE ? 1 : 0);
          cs.addDeployment("default", "grace-" + g, n, false, g, now);
        }
      }
      waitFor(lab, () -> evictableOn(lab) == pods && allReady(lab));
      setSchedulable(lab, SPARE, true);
      return lab;
    } catch (Exception | Error e) {
      lab.close();
      throw e;
    }
  }

  private static void setSchedulable(LabSim lab, String node, boolean schedulable) {
    synchronized (lab.state().lock()) {
      lab.state().cluster().setUnschedulable(node, !schedulable);
    }
  }

  /** Pods on {@link #NODE} a drain evicts: not mirror pods, not DaemonSet pods, not already terminating. */
  static int evictableOn(LabSim lab) {
    return lab.state().read(cs -> (int) cs.pods().stream()
        .filter(
            p -> NODE.equals(p.getSpec().getNodeName()) && !ClusterStore.isMirror(p) && !daemon(p))
        .count());
  }

  private static boolean daemon(Pod p) {
    return p.getMetadata().getOwnerReferences() != null
        && p.getMetadata().getOwnerReferences().stream()
            .anyMatch(o -> "DaemonSet".equals(o.getKind()));
  }

  private static boolean allReady(LabSim lab) {
    return lab.state()
        .read(cs -> cs.pods().stream()
            .filter(p -> p.getSpec().getNodeName() != null)
            .allMatch(p -> p.getStatus() != null
                && p.getStatus().getConditions() != null
                && p.getStatus().getConditions().stream()
                    .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()))));
  }

  private static void waitFor(LabSim lab, java.util.function.BooleanSupplier condition)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the drain lab did not settle within 60 s ("
            + evictableOn(lab) + " pods on " + NODE + ")");
      }
      Thread.sleep(100);
    }
  }

  private static String kubectlVersion(String kubectl) {
    String out = Exec.run(List.of(kubectl, "version", "--client")).output();
    return out.lines()
        .filter(l -> l.startsWith("Client Version"))
        .findFirst()
        .orElse("kubectl")
        .replace("Client Version: ", "kubectl ");
  }
}
