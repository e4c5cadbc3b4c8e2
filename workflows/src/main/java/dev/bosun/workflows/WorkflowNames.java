package dev.bosun.workflows;

/**
 * The names clients use to reach Bosun's workflows: workflow types, queries and updates. The interfaces'
 * annotations and the CLI's untyped stubs both use these, so a rename cannot leave one behind.
 */
public final class WorkflowNames {

  // workflow types
  public static final String ROLLING_UPGRADE = "RollingUpgrade";
  public static final String NODE_UPGRADE = "NodeUpgrade";
  public static final String PLAN_UPGRADE = "PlanUpgrade";
  public static final String NODE_DRAIN = "NodeDrain";
  public static final String UNCORDON = "Uncordon";
  public static final String CLUSTER_INIT = "ClusterInit";
  public static final String DESTROY_CLUSTER = "DestroyCluster";
  public static final String OFF_HOST_BACKUP = "OffHostBackup";
  public static final String RESTORE_DRILL = "RestoreDrill";
  public static final String CHECK_CERTIFICATES = "CheckCertificates";
  public static final String RENEW_CERTIFICATES = "RenewCertificates";

  // queries
  public static final String PROGRESS = "progress";
  /** The final report, once the run has ended (also when it ended cancelled, which returns nothing). */
  public static final String REPORT = "report";

  // updates of RollingUpgrade
  public static final String PAUSE = "pause";
  public static final String RESUME = "resume";
  public static final String APPROVE = "approve";
  public static final String RETRY = "retry";
  public static final String SKIP = "skip";
  public static final String ABORT = "abort";

  private WorkflowNames() {}
}
