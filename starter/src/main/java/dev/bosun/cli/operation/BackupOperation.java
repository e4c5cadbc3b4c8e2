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
import dev.bosun.workflows.upgrade.NodeRow;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.failure.ApplicationFailure;
import java.io.PrintWriter;
import java.util.List;

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
  public Class<BackupReport> resultType() {
    return follow.resultType();
  }

  @Override
  public LiveState poll(WorkflowClient client, String workflowId) {
    return follow.poll(client, workflowId);
  }

  @Override
  public BackupReport reportOf(
      WorkflowClient client, String workflowId, WorkflowFailedException failure) {
    return follow.reportOf(client, workflowId, failure);
  }

  @Override
  public int exitCode(BackupReport report) {
    return follow.exitCode(report);
  }

  @Override
  public void print(BackupReport report, PrintWriter out) {
    follow.print(report, out);
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
      String step = p.step() == null ? "pending" : p.step().label();
      NodeRow row = new NodeRow(
          p.backupName() == null ? "backup" : p.backupName(),
          null,
          "-",
          "-",
          step,
          step,
          p.detail(),
          0,
          0);
      return new LiveState(
          "Backup " + (p.backupName() == null ? "" : p.backupName()), step, List.of(row), null);
    }

    @Override
    public BackupReport reportOf(
        WorkflowClient client, String workflowId, WorkflowFailedException failure) {
      if (failure.getCause() instanceof ApplicationFailure a && a.getDetails() != null) {
        try {
          return a.getDetails().get(BackupReport.class);
        } catch (RuntimeException e) {
          return null;
        }
      }
      return null;
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
