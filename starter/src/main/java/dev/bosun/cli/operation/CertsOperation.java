package dev.bosun.cli.operation;

import dev.bosun.workflows.Operations;
import dev.bosun.workflows.WorkflowNames;
import dev.bosun.workflows.certs.CertificatesReport;
import dev.bosun.workflows.certs.CertificatesRequest;
import dev.bosun.workflows.certs.CertificatesText;
import dev.bosun.workflows.model.Inventory;
import dev.bosun.workflows.model.NodeSpec;
import dev.bosun.workflows.upgrade.NodeRow;
import io.temporal.client.WorkflowClient;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;

/** bosun certs --renew: the RenewCertificates saga as the cluster's one operation; its answer is the table. */
public final class CertsOperation implements OperationKind<CertificatesReport> {

  private final Inventory inventory;
  private final Duration staticPodWait;
  private final Follow follow;

  public CertsOperation(Inventory inventory, Duration staticPodWait) {
    this.inventory = inventory;
    this.staticPodWait = staticPodWait;
    this.follow = new Follow(inventory.controlPlanes());
  }

  @Override
  public Mutation mutation() {
    List<String> cps = inventory.controlPlanes().stream().map(NodeSpec::name).toList();
    return new Mutation(
        inventory.cluster(),
        WorkflowNames.RENEW_CERTIFICATES,
        Operations.RENEW_CERTIFICATES,
        "Renew the certificates of " + inventory.cluster() + " (" + String.join(", ", cps)
            + ", one at a time)",
        "bosun certs --renew",
        "",
        cps.size());
  }

  @Override
  public Object input() {
    return new CertificatesRequest(inventory, staticPodWait);
  }

  @Override
  public Followed<CertificatesReport> follow() {
    return follow;
  }

  /** Following any RenewCertificates; {@code controlPlanes} may be empty (bosun watch). */
  public static final class Follow implements Followed<CertificatesReport> {
    private final List<NodeSpec> controlPlanes;

    public Follow(List<NodeSpec> controlPlanes) {
      this.controlPlanes = controlPlanes;
    }

    @Override
    public Class<CertificatesReport> resultType() {
      return CertificatesReport.class;
    }

    @Override
    public LiveState poll(WorkflowClient client, String workflowId) {
      List<NodeRow> rows = controlPlanes.stream()
          .map(n -> new NodeRow(n.name(), n.role(), "-", "-", "renewing", "renew", null, 0, 0))
          .toList();
      return new LiveState("Renew certificates", "ControlPlanes", rows, null);
    }

    @Override
    public int exitCode(CertificatesReport report) {
      return report.troubled() ? 1 : 0;
    }

    @Override
    public void print(CertificatesReport r, PrintWriter out) {
      printReport(r, out);
    }
  }

  /** The table, the findings, and what was renewed or where it stopped: for the check and the renewal alike. */
  public static void printReport(CertificatesReport r, PrintWriter out) {
    out.println("Certificates of " + r.cluster()
        + " (kubeadm certs check-expiration on every control plane):");
    CertificatesText.table(r).forEach(l -> out.println("  " + l));
    List<String> findings = CertificatesText.findings(r);
    if (!findings.isEmpty()) {
      out.println();
      findings.forEach(f -> out.println("  " + f));
    }
    out.println();
    if (r.failedNode() != null) {
      out.println(CertificatesText.stopped(r));
    } else if (!r.renewed().isEmpty()) {
      out.println("renewed and restarted, one at a time: " + String.join(", ", r.renewed()));
    } else {
      out.println(
          r.certificateRenewal()
              ? "kubeadm upgrade renews the leaf certificates (upgrade.certificateRenewal: true);"
                  + " renew now with: bosun certs --renew"
              : "upgrade.certificateRenewal is false: kubeadm upgrade renews nothing; renew with: bosun certs --renew");
    }
    out.flush();
  }
}
