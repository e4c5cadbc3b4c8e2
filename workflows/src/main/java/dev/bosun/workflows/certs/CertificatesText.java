package dev.bosun.workflows.certs;

import dev.bosun.workflows.activities.CertificateExpiry;
import dev.bosun.workflows.rules.CertificateRule;
import java.util.ArrayList;
import java.util.List;

/** The one way a {@link CertificatesReport} is put into words: the CLI's table, the UI's details, a stop's failure. */
public final class CertificatesText {

  private static final String ROW = "%-8s %-26s %-22s %-10s %-15s %s";

  private CertificatesText() {}

  /** The table: node, certificate, expires, residual, CA, status; then each finding's sentence. */
  public static List<String> table(CertificatesReport r) {
    List<String> lines = new ArrayList<>();
    lines.add(String.format(ROW, "NODE", "CERTIFICATE", "EXPIRES", "RESIDUAL", "CA", "STATUS"));
    for (CertificateRow row : r.certificates()) {
      CertificateExpiry c = row.certificate();
      lines.add(String.format(
          ROW,
          c.node(),
          c.name(),
          c.missing() ? "(missing)" : String.valueOf(c.expirationDate()),
          c.missing() ? "-" : kubeadmResidual(c.residualSeconds()),
          c.authority() ? "(authority)" : c.caName() == null ? "-" : c.caName(),
          row.status()));
    }
    r.unreadable().forEach(u -> lines.add("unreadable: " + u));
    return lines;
  }

  /** The sentences of the rows that are not ok, one a line. */
  public static List<String> findings(CertificatesReport r) {
    return r.certificates().stream()
        .filter(row -> row.status() != CertificateRule.Status.OK)
        .map(row -> row.status() + ": " + row.message())
        .toList();
  }

  /** kubeadm's own column: "364d", "<invalid>" when expired; hours under two days. */
  static String kubeadmResidual(long seconds) {
    if (seconds <= 0) {
      return "<invalid>";
    }
    return seconds >= 2 * CertificateRule.DAY_SECONDS
        ? seconds / CertificateRule.DAY_SECONDS + "d"
        : seconds / 3600 + "h";
  }

  /** The failure of a renewal that stopped: which node, why, what was renewed before it. */
  public static String stopped(CertificatesReport r) {
    return "certificate renewal of " + r.cluster() + " stopped at " + r.failedNode() + ": "
        + r.error() + " (renewed before it: "
        + (r.renewed().isEmpty() ? "none" : String.join(", ", r.renewed()))
        + "; its static pod manifests are back in /etc/kubernetes/manifests)";
  }

  /** Markdown for the UI's current details. */
  public static String details(CertificatesReport r) {
    StringBuilder sb = new StringBuilder("**Certificates** ").append(r.cluster());
    if (!r.renewed().isEmpty()) {
      sb.append(", renewed on ").append(String.join(", ", r.renewed()));
    }
    if (r.failedNode() != null) {
      sb.append("\n\n").append(stopped(r));
    }
    sb.append("\n\n```\n");
    table(r).forEach(l -> sb.append(l).append('\n'));
    sb.append("```\n");
    findings(r).forEach(f -> sb.append("- ").append(f).append('\n'));
    return sb.toString();
  }
}
