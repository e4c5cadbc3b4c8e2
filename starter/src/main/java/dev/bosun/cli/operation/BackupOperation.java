package dev.bosun.cli.operation;

import dev.bosun.workflows.Operations;
import dev.bosun.workflows.WorkflowNames;
import dev.bosun.workflows.backup.BackupPlan;
import dev.bosun.workflows.backup.BackupProgress;
import dev.bosun.workflows.backup.BackupReport;
import dev.bosun.workflows.backup.BackupRequest;
import dev.bosun.workflows.backup.BackupResult;
import dev.bosun.workflows.backup.BackupText;
import dev.bosun.workflows.model.Inventory;
import io.temporal.client.WorkflowClient;
import java.io.PrintWriter;

/** An off-host backup (OffHostBackup workflow): one live row (the step running), the report at the end. */
public final class BackupOperation implements OperationKind<BackupReport> {

  private final Inventory inventory;
  private final BackupPlan plan;
  private final Follow follow = new Follow();

  /** {@code plan}: checked by the caller before anything starts ({@link BackupPlan#of}). */
  public BackupOperation(Inventory inventory, BackupPlan plan) {
    this.inventory = inventory;
    this.plan = plan;
  }

  @Override
  public Mutation mutation() {
    String summary =
        "Backup " + inventory.cluster() + " off-host with " + plan.offHost().tool();
    String details = "bosun backup\n\n- Velero: namespace " + plan.velero().veleroNamespace()
        + ", location "
        + plan.velero().storageLocation() + ", namespaces "
        + (plan.velero().includedNamespaces().isEmpty()
            ? "(all)"
            : String.join(",", plan.velero().includedNamespaces()))
        + "\n- etcd snapshot: " + plan.etcdSnapshot()
        + "\n- off-host: " + plan.offHost().source() + " → " + plan.offHost().destination()
        + "\n- retention: keepLast " + plan.keepLast() + ", keepDays " + plan.keepDays() + "\n";
    return new Mutation(
        inventory.cluster(),
        WorkflowNames.OFF_HOST_BACKUP,
        Operations.BACKUP,
        summary,
        details,
        "",
        0);
  }

  @Override
  public Object input() {
    return new BackupRequest(inventory);
  }

  @Override
  public Followed<BackupReport> follow() {
    return follow;
  }

  /** Following any OffHostBackup. */
  public static final class Follow implements Followed<BackupReport> {

    @Override
    public Class<BackupReport> resultType() {
      return BackupReport.class;
    }

    @Override
    public LiveState poll(WorkflowClient client, String workflowId) {
      BackupProgress p = client
          .newUntypedWorkflowStub(workflowId)
          .query(WorkflowNames.PROGRESS, BackupProgress.class);
      return LiveState.backupStep(
          "Backup", p.backupName(), p.step() == null ? null : p.step().label(), p.detail());
    }

    @Override
    public int exitCode(BackupReport report) {
      return report.result() == BackupResult.SUCCEEDED ? 0 : 1;
    }

    @Override
    public void print(BackupReport r, PrintWriter out) {
      out.println();
      out.print(BackupText.report(r));
      out.flush();
    }
  }
}
