package dev.bosun.workflows;

/** Values of BosunPhase, as shown in the UI and by {@code bosun status}. */
public final class Phase {
  public static final String PREFLIGHT = "Preflight";
  public static final String SNAPSHOT = "EtcdSnapshot";
  public static final String CONTROL_PLANES = "ControlPlanes";
  public static final String WORKERS = "Workers";
  public static final String AWAITING_APPROVAL = "AwaitingApproval";
  public static final String AWAITING_OPERATOR = "AwaitingOperator";
  public static final String PAUSED = "Paused";
  public static final String DRAINING = "Draining";
  public static final String COMPENSATING = "Compensating";
  public static final String COMPLETED = "Completed";
  public static final String FAILED = "Failed";
  public static final String ABORTED = "Aborted";

  private Phase() {}
}
