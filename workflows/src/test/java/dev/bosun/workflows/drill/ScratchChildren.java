package dev.bosun.workflows.drill;

import dev.bosun.workflows.activities.VmInfo;
import dev.bosun.workflows.init.ClusterInitWorkflow;
import dev.bosun.workflows.init.DestroyClusterWorkflow;
import dev.bosun.workflows.init.DestroyReport;
import dev.bosun.workflows.init.DestroyRequest;
import dev.bosun.workflows.init.InitProgress;
import dev.bosun.workflows.init.InitReport;
import dev.bosun.workflows.init.InitRequest;
import io.temporal.failure.ApplicationFailure;
import io.temporal.worker.Worker;
import io.temporal.workflow.Workflow;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The drill's children in memory: a ClusterInit that builds (or fails, or runs until cancelled) and a DestroyCluster
 * that destroys the scratch VMs (or leaves one). The real ones have their own tests; here only the drill's use of
 * them is under test.
 */
public class ScratchChildren {

  final List<String> calls = Collections.synchronizedList(new ArrayList<>());
  volatile boolean initFails;
  public volatile boolean initRunsUntilCancelled;
  volatile boolean leak;

  public void register(Worker worker) {
    worker.registerWorkflowImplementationFactory(ClusterInitWorkflow.class, () -> new Init());
    worker.registerWorkflowImplementationFactory(DestroyClusterWorkflow.class, () -> new Destroy());
  }

  private final class Init implements ClusterInitWorkflow {
    @Override
    public InitReport init(InitRequest request) {
      calls.add(
          "init:" + request.inventory().cluster() + ":" + Workflow.getInfo().getWorkflowId());
      if (initFails) {
        throw ApplicationFailure.newNonRetryableFailure(
            "kubeadm init failed on d-cp-1", "InitFailed");
      }
      if (initRunsUntilCancelled) {
        try {
          Workflow.await(() -> false);
        } finally {
          calls.add("initCancelled");
        }
      }
      return null;
    }

    @Override
    public InitProgress progress() {
      return null;
    }

    @Override
    public String retry(String node) {
      return "";
    }

    @Override
    public void validateRetry(String node) {}

    @Override
    public String skip(String node) {
      return "";
    }

    @Override
    public void validateSkip(String node) {}

    @Override
    public String abort(String reason) {
      return "";
    }

    @Override
    public void validateAbort(String reason) {}
  }

  private final class Destroy implements DestroyClusterWorkflow {
    @Override
    public DestroyReport destroy(DestroyRequest request) {
      String cluster = request.inventory().cluster();
      calls.add("destroy:" + cluster + ":" + Workflow.getInfo().getWorkflowId());
      List<VmInfo> vms = request.inventory().nodes().stream()
          .map(n -> new VmInfo(
              n.name(), cluster + "-" + n.name(), "default", "running", n.address(), false))
          .toList();
      return leak
          ? new DestroyReport(cluster, vms.subList(1, vms.size()), vms.subList(0, 1), 0)
          : new DestroyReport(cluster, vms, List.of(), 0);
    }
  }
}
