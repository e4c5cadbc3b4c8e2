package dev.bosun.workflows.drain;

import static dev.bosun.workflows.ActivityStubs.kube;

import dev.bosun.workflows.BosunActivityOptions;
import dev.bosun.workflows.activities.CordonResult;
import dev.bosun.workflows.activities.DrainPlan;
import dev.bosun.workflows.activities.EvictionRequest;
import dev.bosun.workflows.activities.EvictionRound;
import dev.bosun.workflows.activities.PdbBlocker;
import dev.bosun.workflows.activities.PodRef;
import dev.bosun.workflows.model.ClusterTarget;
import dev.bosun.workflows.model.DrainOptions;
import io.temporal.workflow.Saga;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Workflow-side drain of one node, shared by NodeDrain and NodeUpgrade: cordon, plan, then bounded
 * eviction rounds until the node is empty or the drain timeout (workflow time) passes.
 *
 * <p>The uncordon compensation is registered on the caller's saga before the cordon, and only undoes a
 * cordon Bosun made: a node that was cordoned before is never uncordoned.
 */
public final class DrainProcedure {

  /** How long one evictPods round may run before it reports back. */
  public static final Duration ROUND_BUDGET = Duration.ofSeconds(15);

  /** Pause between rounds that did not finish because something blocks (a PDB, a refusal being retried). */
  public static final Duration ROUND_PAUSE = Duration.ofSeconds(5);

  /**
   * Change id: a round that ended with every remaining pod evicted and merely terminating goes straight on to the
   * next round (the pods leave at their kubelet's pace; the round polls them). Executions recorded before paused
   * here too, and still do on replay.
   */
  static final String NO_PAUSE_WHILE_TERMINATING = "drain-no-pause-while-terminating";

  private final ClusterTarget cluster;
  private final String node;
  private final DrainOptions options;
  private final Boolean knownCordonedBefore;
  private final Consumer<DrainProgress> onProgress;

  private CordonResult cordon;
  private boolean compensationRegistered;
  private DrainProgress progress;
  private List<PodRef> remaining = List.of();

  /**
   * @param knownCordonedBefore whether the node was cordoned before Bosun, when the caller knows it
   *     (the upgrade's preflight), else null. Known, it takes precedence over the cordon call's answer
   * @param onProgress called after each change (the caller updates its details and query state)
   */
  public DrainProcedure(
      ClusterTarget cluster,
      String node,
      DrainOptions options,
      Boolean knownCordonedBefore,
      Consumer<DrainProgress> onProgress) {
    this.cluster = cluster;
    this.node = node;
    this.options = options;
    this.knownCordonedBefore = knownCordonedBefore;
    this.onProgress = onProgress;
    this.progress = new DrainProgress(node, "pending", 0, 0, 0, List.of(), 0);
  }

  public DrainProgress progress() {
    return progress;
  }

  /** The pods still to go, as of the last round. */
  public List<PodRef> remaining() {
    return remaining;
  }

  /** True when the node was cordoned before Bosun: preflight's knowledge if any, else the cordon call's answer. */
  public boolean cordonedBefore() {
    if (knownCordonedBefore != null) {
      return knownCordonedBefore;
    }
    return cordon != null && cordon.wasCordoned();
  }

  /** Uncordons the node if (and only if) Bosun cordoned it; says what it did. */
  public String undoCordon() {
    if (cordonedBefore()) {
      return node + " was cordoned before Bosun: left cordoned";
    }
    if (cordon == null && knownCordonedBefore == null) {
      // The cordon call itself failed and nobody knows whether it was cordoned before: leave it.
      return node + ": cordon never confirmed, left as is";
    }
    // Known schedulable before Bosun (preflight): uncordon even if the cordon call failed, since
    // its
    // PATCH may have gone through; uncordoning a schedulable node is harmless.
    kube(BosunActivityOptions.QUICK, "uncordon " + node).uncordon(cluster, node);
    return "uncordoned " + node;
  }

  /** Runs the drain; registers the uncordon compensation on {@code saga} before cordoning. */
  public DrainReport run(Saga saga) {
    return run(undo -> saga.addCompensation(undo::get));
  }

  /** Same, with the compensation handed to {@code register} (a caller that records its outcome). */
  public DrainReport run(Consumer<Supplier<String>> register) {
    long started = Workflow.currentTimeMillis();
    if (!compensationRegistered) { // a retried drain must not undo the cordon twice
      register.accept(this::undoCordon);
      compensationRegistered = true;
    }
    CordonResult cordoned =
        kube(BosunActivityOptions.QUICK, "cordon " + node).cordon(cluster, node);
    if (cordon == null) {
      cordon =
          cordoned; // a retried drain finds the node cordoned by Bosun's first attempt: keep the
      // first answer
    }
    report("planning", 0, List.of(), List.of(), started);

    DrainPlan plan =
        kube(BosunActivityOptions.QUICK, "plan drain of " + node).planDrain(cluster, node, options);
    if (plan.refused()) {
      report(DrainOutcome.REFUSED.label(), 0, plan.toEvict(), List.of(), started);
      return new DrainReport(
          node,
          DrainOutcome.REFUSED,
          cordonedBefore(),
          List.of(),
          plan.skipped(),
          List.of(),
          plan.toEvict(),
          plan.refusals(),
          false,
          Workflow.currentTimeMillis() - started);
    }

    long deadline = options.timeout() == null || options.timeout().isZero()
        ? Long.MAX_VALUE
        : started + options.timeout().toMillis();
    List<PodRef> evicted = new ArrayList<>();
    Map<String, PdbBlocker> blockersSeen = new LinkedHashMap<>();
    List<PodRef> pending = plan.toEvict();
    List<PdbBlocker> blockers = List.of();
    int round = 0;
    while (!pending.isEmpty()) {
      long left = deadline - Workflow.currentTimeMillis();
      if (left <= 0) {
        report(DrainOutcome.TIMED_OUT.label(), evicted.size(), pending, blockers, started);
        return new DrainReport(
            node,
            DrainOutcome.TIMED_OUT,
            cordonedBefore(),
            evicted,
            plan.skipped(),
            List.copyOf(blockersSeen.values()),
            pending,
            List.of(),
            false,
            Workflow.currentTimeMillis() - started);
      }
      round++;
      Duration budget = left < ROUND_BUDGET.toMillis() ? Duration.ofMillis(left) : ROUND_BUDGET;
      EvictionRound result = kube(
              BosunActivityOptions.DRAIN_ROUND,
              "drain " + node + " (round " + round + ", " + pending.size() + " pods)")
          .evictPods(new EvictionRequest(cluster, node, options, pending, budget));
      evicted.addAll(result.evicted());
      result.blockers().forEach(b -> blockersSeen.put(b.namespace() + "/" + b.name(), b));
      blockers = result.blockers();
      List<PodRef> next = new ArrayList<>(result.terminating());
      next.addAll(result.remaining());
      pending = next;
      report(
          pending.isEmpty() ? DrainOutcome.DRAINED.label() : "evicting",
          evicted.size(),
          pending,
          result.terminating().size(),
          blockers,
          started);
      if (!pending.isEmpty() && pauseBeforeNextRound(result)) {
        long wait = Math.min(ROUND_PAUSE.toMillis(), deadline - Workflow.currentTimeMillis());
        if (wait > 0) {
          Workflow.sleep(Duration.ofMillis(wait));
        }
      }
    }
    report(DrainOutcome.DRAINED.label(), evicted.size(), List.of(), List.of(), started);
    return new DrainReport(
        node,
        DrainOutcome.DRAINED,
        cordonedBefore(),
        evicted,
        plan.skipped(),
        List.copyOf(blockersSeen.values()),
        List.of(),
        List.of(),
        false,
        Workflow.currentTimeMillis() - started);
  }

  /** Whether to wait {@link #ROUND_PAUSE} before the next round: not when the round left only terminating pods. */
  private static boolean pauseBeforeNextRound(EvictionRound result) {
    boolean onlyTerminating = result.remaining().isEmpty() && result.blockers().isEmpty();
    return !onlyTerminating
        || Workflow.getVersion(NO_PAUSE_WHILE_TERMINATING, Workflow.DEFAULT_VERSION, 1)
            == Workflow.DEFAULT_VERSION;
  }

  private void report(
      String phase, int evicted, List<PodRef> pending, List<PdbBlocker> blockers, long started) {
    report(phase, evicted, pending, 0, blockers, started);
  }

  private void report(
      String phase,
      int evicted,
      List<PodRef> pending,
      int terminating,
      List<PdbBlocker> blockers,
      long started) {
    remaining = List.copyOf(pending);
    progress = new DrainProgress(
        node,
        phase,
        evicted,
        pending.size() - terminating,
        terminating,
        List.copyOf(blockers),
        Workflow.currentTimeMillis() - started);
    onProgress.accept(progress);
  }
}
