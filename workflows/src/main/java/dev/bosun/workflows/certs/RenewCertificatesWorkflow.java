package dev.bosun.workflows.certs;

import dev.bosun.workflows.WorkflowNames;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * Renews the certificates of every control plane, one at a time: {@code kubeadm certs renew all}, its static pods
 * restarted, the API server's health gate on that node, then the next. Runs as the cluster's one mutating operation.
 * A failure stops it, names the node, and leaves no static pod manifest moved out.
 */
@WorkflowInterface
public interface RenewCertificatesWorkflow {

  @WorkflowMethod(name = WorkflowNames.RENEW_CERTIFICATES)
  CertificatesReport renew(CertificatesRequest request);
}
