package dev.bosun.workflows.certs;

import dev.bosun.workflows.WorkflowNames;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/** Reads every control plane's certificates (kubeadm certs check-expiration); changes nothing. */
@WorkflowInterface
public interface CheckCertificatesWorkflow {

  @WorkflowMethod(name = WorkflowNames.CHECK_CERTIFICATES)
  CertificatesReport check(CertificatesRequest request);
}
