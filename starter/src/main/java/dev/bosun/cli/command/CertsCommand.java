package dev.bosun.cli.command;

import dev.bosun.cli.ExitCodes;
import dev.bosun.cli.operation.CertsOperation;
import dev.bosun.cli.operation.InProcessWorker;
import dev.bosun.cli.operation.Json;
import dev.bosun.cli.operation.OperationRunner;
import dev.bosun.cli.operation.OutputFormat;
import dev.bosun.cli.operation.ReadOnlyRun;
import dev.bosun.cli.operation.Watch;
import dev.bosun.cli.temporal.TemporalSession;
import dev.bosun.workflows.BosunSearchAttributes;
import dev.bosun.workflows.Operations;
import dev.bosun.workflows.WorkflowIds;
import dev.bosun.workflows.WorkflowNames;
import dev.bosun.workflows.certs.CertificatesReport;
import dev.bosun.workflows.certs.CertificatesRequest;
import dev.bosun.workflows.model.Inventory;
import io.temporal.client.WorkflowFailedException;
import io.temporal.common.SearchAttributes;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "certs",
    mixinStandardHelpOptions = true,
    description = {
      "Show every control plane's kubeadm certificates (kubeadm certs check-expiration): node, certificate, expiry,",
      "time left, CA and status, judged as the upgrade's preflight judges them (warning under 30 days; blocker under",
      "7 days unless kubeadm upgrade renews it, and always for a certificate authority, which kubeadm never renews).",
      "With --renew: renew them, one control plane at a time (kubeadm certs renew all, then its static pods restarted",
      "by moving their manifests out of /etc/kubernetes/manifests and back, then the API server's health gate on that",
      "node) as the cluster's one operation; a failure stops there, puts the manifests back and names the node."
    },
    footer = {
      "",
      "Examples:",
      "  bosun certs -i lab.yaml",
      "  bosun certs -i lab.yaml --renew --watch",
      "",
      "Exit: 0 no certificate would block an upgrade (and, with --renew, every control plane was renewed),",
      "1 a certificate would block, a control plane could not be read, or the renewal stopped, 2 bad input,",
      "3 Temporal unreachable, 4 cluster busy (--renew)."
    })
public final class CertsCommand implements Callable<Integer> {

  @Mixin
  StartOptions start;

  @Option(
      names = "--renew",
      description = "Renew the certificates of every control plane, one at a time, as a saga.")
  boolean renew;

  @Option(
      names = "--static-pod-wait",
      paramLabel = "DURATION",
      description =
          "With --renew: how long the static pod manifests stay out so that the kubelet stops the pods"
              + " (its fileCheckFrequency). Default: 20s.")
  String staticPodWait;

  @Override
  public Integer call() {
    Duration wait = staticPodWait == null ? null : parseWait(staticPodWait);
    if (wait != null && !renew) {
      throw new IllegalArgumentException(
          "--static-pod-wait: only with --renew (a check restarts nothing)");
    }
    if (!renew && (start.watch || start.plain)) {
      throw new IllegalArgumentException(
          "--watch/--plain: only with --renew (a check prints its table when it is done)");
    }
    PrintWriter out = start.out();
    PrintWriter err = start.err();
    Inventory inv = start.builtInventory();
    if (renew) {
      return start.run(new CertsOperation(inv, wait));
    }
    if (start.temporal.settings().embedded()) {
      err.println(OperationRunner.EMBEDDED_NOTE);
    }
    try (TemporalSession session =
            TemporalSession.open(start.temporal.settings(), System.getenv(), true);
        InProcessWorker worker = session.isEmbedded() ? InProcessWorker.start(session) : null) {
      CertificatesReport report;
      try {
        report = check(session, inv);
      } catch (WorkflowFailedException e) {
        throw new IllegalArgumentException("certificate check refused: " + Watch.reason(e));
      }
      if (start.output == OutputFormat.JSON) {
        out.println(Json.write(report));
        out.flush();
      } else {
        CertsOperation.printReport(report, out);
      }
      return report.troubled() ? ExitCodes.FAILED : ExitCodes.DONE;
    }
  }

  private static Duration parseWait(String text) {
    Duration d = Flags.duration("--static-pod-wait", text);
    if (d.isNegative() || d.compareTo(Duration.ofMinutes(10)) > 0) {
      throw new IllegalArgumentException(
          "--static-pod-wait must be 0s to 10m (the kubelet checks its manifests every 20s by default), got "
              + text);
    }
    return d;
  }

  private static CertificatesReport check(TemporalSession session, Inventory inv) {
    return ReadOnlyRun.run(
        session,
        WorkflowNames.CHECK_CERTIFICATES,
        WorkflowIds.certificates(inv.cluster(), ReadOnlyRun.stamp()),
        "Check the certificates of " + inv.cluster() + " (read-only)",
        SearchAttributes.newBuilder()
            .set(BosunSearchAttributes.CLUSTER, inv.cluster())
            .set(BosunSearchAttributes.OPERATION, Operations.CHECK_CERTIFICATES)
            .set(BosunSearchAttributes.NODES_TOTAL, (long) inv.controlPlanes().size())
            .build(),
        new CertificatesRequest(inv, null),
        CertificatesReport.class);
  }
}
