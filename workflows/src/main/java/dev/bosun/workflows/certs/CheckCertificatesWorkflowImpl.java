package dev.bosun.workflows.certs;

import dev.bosun.workflows.BosunSearchAttributes;
import dev.bosun.workflows.Phase;
import io.temporal.workflow.Workflow;
import java.util.List;

/** The read-only check behind {@code bosun certs}: the same reading and rule as the upgrade's preflight. */
public class CheckCertificatesWorkflowImpl implements CheckCertificatesWorkflow {

  @Override
  public CertificatesReport check(CertificatesRequest request) {
    request.validate();
    CertificatesReport report = CertificateReading.read(request.inventory(), List.of(), null, null);
    Workflow.setCurrentDetails(CertificatesText.details(report));
    Workflow.upsertTypedSearchAttributes(
        BosunSearchAttributes.PHASE.valueSet(Phase.COMPLETED.label()));
    return report;
  }
}
