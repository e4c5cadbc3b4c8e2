package dev.bosun.workflows.saga;

import dev.bosun.workflows.BosunSearchAttributes;
import dev.bosun.workflows.Labels.Labelled;
import dev.bosun.workflows.Phase;
import io.temporal.common.SearchAttributeKey;
import io.temporal.workflow.Workflow;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the operator sees of a saga run step by step (the off-host backup, the restore drill): the step running and
 * what it waits for (the UI's current details, headed by the backup's name once known), each finished step's
 * duration, the result search attribute while it runs and at its end (with BosunPhase), and the report as the last
 * details. A workflow's own ledger adds what its steps found and builds its report from them.
 *
 * @param <S> the workflow's steps, in the order they run
 * @param <X> the values of its result search attribute
 * @param <R> its report
 */
public abstract class StepLedger<S extends Enum<S> & Labelled, X extends Enum<X> & Labelled, R> {

  private final Map<String, Long> stepMillis = new LinkedHashMap<>();
  private final SearchAttributeKey<String> resultAttribute;
  private final String heading;
  private String cluster;
  private String subject;
  private long startedAt;
  private S step;
  private String detail;
  private R report;

  /**
   * @param heading what the details name before the run's subject ("drill ": "**drill bosun-lab1-…**")
   * @param first the first step, shown before {@link #step} is called
   */
  protected StepLedger(
      SearchAttributeKey<String> resultAttribute, String heading, S first, String firstDetail) {
    this.resultAttribute = resultAttribute;
    this.heading = heading;
    this.step = first;
    this.detail = firstDetail;
  }

  /** The report of a run that ended with {@code result}; {@code failedStep} is null unless a step failed. */
  protected abstract R build(X result, S failedStep, String reason);

  /** The report as the operator reads it: the current details once the run ended. */
  protected abstract String text(R report);

  /** The run's end at {@code step}, which failed for {@code reason}. */
  public abstract R failed(S step, String reason);

  public final void begin(String cluster, long startedAt, X running) {
    this.cluster = cluster;
    this.startedAt = startedAt;
    Workflow.upsertTypedSearchAttributes(resultAttribute.valueSet(running.label()));
  }

  /** What the run works on (the backup's name): the details' heading from now on, instead of the cluster. */
  public final void named(String subject) {
    this.subject = subject;
  }

  public final void step(S step, String detail) {
    this.step = step;
    detail(detail);
  }

  public final void detail(String detail) {
    this.detail = detail;
    Workflow.setCurrentDetails(
        "**" + heading + (subject == null ? cluster : subject) + "** · " + step + ": " + detail);
  }

  public final void took(S step, long millis) {
    stepMillis.put(step.label(), millis);
  }

  public final String cluster() {
    return cluster;
  }

  public final String subject() {
    return subject;
  }

  public final S step() {
    return step;
  }

  public final String detail() {
    return detail;
  }

  /** Each finished step's duration, in the order they ran. */
  public final Map<String, Long> stepMillis() {
    return Collections.unmodifiableMap(stepMillis);
  }

  /** Null while the run is going. */
  public final R report() {
    return report;
  }

  /** Builds the report, sets the result and BosunPhase (Completed, or Failed at a step), shows the report. */
  protected final R end(X result, S failedStep, String reason) {
    report = build(result, failedStep, reason);
    Workflow.upsertTypedSearchAttributes(
        resultAttribute.valueSet(result.label()),
        BosunSearchAttributes.PHASE.valueSet(
            (failedStep == null ? Phase.COMPLETED : Phase.FAILED).label()));
    Workflow.setCurrentDetails(text(report));
    return report;
  }

  /** Milliseconds since {@link #begin}, on the workflow's clock. */
  protected final long elapsed() {
    return Workflow.currentTimeMillis() - startedAt;
  }
}
