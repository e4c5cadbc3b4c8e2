package dev.bosun.workflows;

import dev.bosun.workflows.backup.OffHostBackupWorkflowImpl;
import dev.bosun.workflows.certs.CheckCertificatesWorkflowImpl;
import dev.bosun.workflows.certs.RenewCertificatesWorkflowImpl;
import dev.bosun.workflows.drain.NodeDrainWorkflowImpl;
import dev.bosun.workflows.drain.UncordonWorkflowImpl;
import dev.bosun.workflows.drill.RestoreDrillWorkflowImpl;
import dev.bosun.workflows.init.ClusterInitWorkflowImpl;
import dev.bosun.workflows.init.DestroyClusterWorkflowImpl;
import dev.bosun.workflows.upgrade.NodeUpgradeWorkflowImpl;
import dev.bosun.workflows.upgrade.PlanUpgradeWorkflowImpl;
import dev.bosun.workflows.upgrade.RollingUpgradeWorkflowImpl;
import java.util.List;

/** Every workflow implementation a Bosun worker registers. */
public final class BosunWorkflows {

  /** Filled as workflows land; the worker registers exactly these. */
  public static final List<Class<?>> IMPLEMENTATIONS = List.of(
      NodeDrainWorkflowImpl.class,
      UncordonWorkflowImpl.class,
      RollingUpgradeWorkflowImpl.class,
      NodeUpgradeWorkflowImpl.class,
      PlanUpgradeWorkflowImpl.class,
      ClusterInitWorkflowImpl.class,
      DestroyClusterWorkflowImpl.class,
      OffHostBackupWorkflowImpl.class,
      RestoreDrillWorkflowImpl.class,
      CheckCertificatesWorkflowImpl.class,
      RenewCertificatesWorkflowImpl.class);

  private BosunWorkflows() {}
}
