package dev.bosun.workflows.certs;

import dev.bosun.workflows.BosunSearchAttributes;
import dev.bosun.workflows.Phase;
import dev.bosun.workflows.WorkflowFailures;
import dev.bosun.workflows.model.Inventory;
import dev.bosun.workflows.model.NodeSpec;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.workflow.Workflow;
import java.util.ArrayList;
import java.util.List;

/** See {@link RenewCertificatesWorkflow}; one control plane's steps are {@link ControlPlaneRenewal}'s. */
public class RenewCertificatesWorkflowImpl implements RenewCertificatesWorkflow {

  @Override
  public CertificatesReport renew(CertificatesRequest request) {
    request.validate(); // before any activity: bad input never touches a host
    Inventory inventory = request.inventory();
    List<String> renewed = new ArrayList<>();
    phase(Phase.CONTROL_PLANES);
    for (NodeSpec cp : inventory.controlPlanes()) {
      Workflow.setCurrentDetails("renewing certificates on " + cp.name() + " (renewed: "
          + (renewed.isEmpty() ? "none yet" : String.join(", ", renewed)) + ")");
      try {
        new ControlPlaneRenewal(inventory, cp, request.staticPodWaitOrDefault()).run();
      } catch (CanceledFailure e) {
        phase(Phase.ABORTED);
        throw e;
      } catch (RuntimeException e) {
        // A failure stops the rollout here: the next control plane keeps its running pods.
        String why = WorkflowFailures.describe(e);
        CertificatesReport report = CertificateReading.read(inventory, renewed, cp.name(), why);
        phase(Phase.FAILED);
        Workflow.setCurrentDetails(CertificatesText.details(report));
        throw ApplicationFailure.newNonRetryableFailure(
            CertificatesText.stopped(report), "CertificateRenewalFailed", report);
      }
      renewed.add(cp.name());
    }
    CertificatesReport report = CertificateReading.read(inventory, renewed, null, null);
    Workflow.setCurrentDetails(CertificatesText.details(report));
    phase(Phase.COMPLETED);
    return report;
  }

  private static void phase(Phase p) {
    Workflow.upsertTypedSearchAttributes(BosunSearchAttributes.PHASE.valueSet(p.label()));
  }
}
