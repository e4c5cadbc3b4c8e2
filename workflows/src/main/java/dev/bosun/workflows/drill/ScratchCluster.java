package dev.bosun.workflows.drill;

import dev.bosun.workflows.BosunSearchAttributes;
import dev.bosun.workflows.Operations;
import dev.bosun.workflows.WorkflowIds;
import dev.bosun.workflows.activities.VmInfo;
import dev.bosun.workflows.init.ClusterInitWorkflow;
import dev.bosun.workflows.init.DestroyClusterWorkflow;
import dev.bosun.workflows.init.DestroyReport;
import dev.bosun.workflows.init.DestroyRequest;
import dev.bosun.workflows.init.InitRequest;
import dev.bosun.workflows.model.ClusterTarget;
import dev.bosun.workflows.model.Inventory;
import io.temporal.api.enums.v1.ParentClosePolicy;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.common.SearchAttributes;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.ChildWorkflowFailure;
import io.temporal.workflow.ChildWorkflowCancellationType;
import io.temporal.workflow.ChildWorkflowOptions;
import io.temporal.workflow.Workflow;

/**
 * The drill's scratch cluster: built by a child ClusterInit on the drill's own VMs, torn down by a child
 * DestroyCluster ({@code bosun destroy}'s workflow: every VM carrying the scratch cluster's marker). The teardown
 * child is abandoned, not terminated, when the drill ends, so it finishes even if the drill itself is terminated.
 */
final class ScratchCluster {

  /** Failure type of a drill whose scratch cluster another drill is building. */
  static final String SCRATCH_BUSY = "ScratchClusterBusy";

  /** Version 1: a child start refused as already running marks the scratch cluster another drill's. */
  static final String OWN_SCRATCH_ONLY = "drill-tears-down-only-its-own-scratch";

  private final Inventory scratch;
  private boolean tornDown;
  private boolean anotherDrills;

  ScratchCluster(Inventory scratch) {
    this.scratch = scratch;
  }

  /**
   * Builds it (the child's own saga undoes a half-built cluster; this drill's teardown removes the rest). Fails
   * ScratchClusterBusy, and leaves the scratch cluster to its builder, when a run (another drill's ClusterInit) already
   * holds its ID: a scheduled drill's own ID does not keep it from starting beside another drill.
   */
  ClusterTarget build() {
    String id = WorkflowIds.mutation(scratch.cluster());
    try {
      Workflow.newChildWorkflowStub(
              ClusterInitWorkflow.class,
              options(
                      id,
                      Operations.INIT,
                      "Scratch cluster " + scratch.cluster() + " for a restore drill")
                  // a cancelled build finishes its own undo before this drill's teardown lists the
                  // VMs
                  .setCancellationType(ChildWorkflowCancellationType.WAIT_CANCELLATION_COMPLETED)
                  .build())
          .init(new InitRequest(scratch));
    } catch (ChildWorkflowFailure e) {
      if (e.getCause() instanceof WorkflowExecutionAlreadyStarted
          && Workflow.getVersion(OWN_SCRATCH_ONLY, Workflow.DEFAULT_VERSION, 1) >= 1) {
        anotherDrills = true;
        throw ApplicationFailure.newNonRetryableFailure(
            id + " already runs (another drill building the scratch cluster " + scratch.cluster()
                + ", or an operation on it): this drill neither built it nor tears it down",
            SCRATCH_BUSY);
      }
      throw e;
    }
    return ClusterTarget.of(scratch);
  }

  /** The teardown, unless the scratch cluster is another drill's: its VMs are that drill's to destroy. */
  String tearDownIfThisDrillsOwn() {
    return anotherDrills
        ? "not built by this drill (" + WorkflowIds.mutation(scratch.cluster())
            + " was already running): left alone"
        : tearDown();
  }

  /** Destroys every VM of the scratch cluster; says what went, or what is left (a leak the report names). */
  private String tearDown() {
    DestroyReport r = Workflow.newChildWorkflowStub(
            DestroyClusterWorkflow.class,
            options(
                    WorkflowIds.scratchTeardown(scratch.cluster()),
                    Operations.DESTROY,
                    "Tear down the drill's scratch cluster " + scratch.cluster())
                .setParentClosePolicy(ParentClosePolicy.PARENT_CLOSE_POLICY_ABANDON)
                .build())
        .destroy(new DestroyRequest(scratch));
    tornDown = r.remaining().isEmpty();
    return tornDown
        ? "torn down (" + r.destroyed().size() + " VMs destroyed)"
        : "LEAKED: " + r.remaining().stream().map(VmInfo::vmName).toList()
            + " still exist; run bosun destroy on the drill.scratch inventory";
  }

  private ChildWorkflowOptions.Builder options(String id, String operation, String summary) {
    return ChildWorkflowOptions.newBuilder()
        .setWorkflowId(id)
        .setStaticSummary(summary)
        .setTypedSearchAttributes(SearchAttributes.newBuilder()
            .set(BosunSearchAttributes.CLUSTER, scratch.cluster())
            .set(BosunSearchAttributes.OPERATION, operation)
            .build());
  }

  boolean tornDown() {
    return tornDown;
  }

  String name() {
    return scratch.cluster();
  }
}
