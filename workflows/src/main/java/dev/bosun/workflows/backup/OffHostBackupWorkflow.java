package dev.bosun.workflows.backup;

import dev.bosun.workflows.WorkflowNames;
import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * Back a cluster up off the host: a fresh sentinel, an etcd snapshot copied off the node, a Velero Backup judged by
 * its phase, the copy to the off-host target verified, retention, a report. Runs under the cluster's one mutation
 * ID, so it excludes an upgrade or a drain of the same cluster. A failed step fails the workflow with the
 * {@link BackupReport} (naming the step) as the failure's details.
 */
@WorkflowInterface
public interface OffHostBackupWorkflow {

  @WorkflowMethod(name = WorkflowNames.OFF_HOST_BACKUP)
  BackupReport backup(BackupRequest request);

  @QueryMethod(name = WorkflowNames.PROGRESS)
  BackupProgress progress();

  /** The final report once the run has ended (null before). */
  @QueryMethod(name = WorkflowNames.REPORT)
  BackupReport report();
}
