package dev.bosun.sim.programs;

import dev.bosun.sim.LabState;
import dev.bosun.sim.host.HostState;
import dev.bosun.sim.host.KubeadmRole;
import dev.bosun.sim.shell.Invocation;
import dev.bosun.sim.shell.Result;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * kubeadm certs check-expiration and renew all: the certificates renewed at init, join, upgrade apply and upgrade
 * node (and by renew all), and the CAs (never renewed). Every leaf certificate of a host shares one issue time, in
 * lab time, kept in {@link Kubeadm#CERT_STAMP}.
 */
final class KubeadmCerts {

  private static final long DAY = 86_400_000L;
  private static final List<String[]> CERTS = List.of(
      new String[] {"admin.conf", "ca"},
      new String[] {"apiserver", "ca"},
      new String[] {"apiserver-etcd-client", "etcd-ca"},
      new String[] {"apiserver-kubelet-client", "ca"},
      new String[] {"controller-manager.conf", "ca"},
      new String[] {"etcd-healthcheck-client", "etcd-ca"},
      new String[] {"etcd-peer", "etcd-ca"},
      new String[] {"etcd-server", "etcd-ca"},
      new String[] {"front-proxy-client", "front-proxy-ca"},
      new String[] {"scheduler.conf", "ca"},
      new String[] {"super-admin.conf", "ca"});

  private final LabState state;

  KubeadmCerts(LabState state) {
    this.state = state;
  }

  /** What kubeadm v1.30 prints per certificate renewed by {@code kubeadm certs renew all}, in its order. */
  private static final List<String> RENEWED = List.of(
      "certificate embedded in the kubeconfig file for the admin to use and for kubeadm itself",
      "certificate for serving the Kubernetes API",
      "certificate the apiserver uses to access etcd",
      "certificate for the API server to connect to kubelet",
      "certificate embedded in the kubeconfig file for the controller manager to use",
      "certificate for liveness probes to healthcheck etcd",
      "certificate for etcd nodes to communicate with each other",
      "certificate for serving etcd",
      "certificate for the front proxy client",
      "certificate embedded in the kubeconfig file for the scheduler manager to use",
      "certificate embedded in the kubeconfig file for the super-admin");

  /** {@code kubeadm certs renew all}: every leaf certificate issued now (lab time); the running pods keep the old ones. */
  Result renew(Invocation inv, String which) {
    HostState host = inv.host();
    if (!which.equals("all")) {
      return Kubeadm.fatal(
          1,
          which.isEmpty()
              ? "missing subcommand; \"renew\" is not meant to be run on its own"
              : "the lab renews \"all\" only, got \"" + which + "\"");
    }
    if (host.kubeadmRole() != KubeadmRole.CONTROL_PLANE
        || host.files().get(Kubeadm.CERT_STAMP) == null) {
      return Kubeadm.fatal(
          1,
          "failed to load existing certificate apiserver: open /etc/kubernetes/pki/apiserver.crt: no such file or directory");
    }
    host.files().put(Kubeadm.CERT_STAMP, "issued=" + state.now() + "\n");
    StringBuilder out = new StringBuilder(
        "[renew] Reading configuration from the cluster...\n"
            + "[renew] FYI: You can look at this config file with 'kubectl -n kube-system get cm kubeadm-config -o yaml'\n\n");
    RENEWED.forEach(line -> out.append(line).append(" renewed\n"));
    out.append(
        "\nDone renewing certificates. You must restart the kube-apiserver, kube-controller-manager, kube-scheduler"
            + " and etcd, so that they can use the new certificates.\n");
    return Result.ok(out.toString());
  }

  /** Re-dates a control plane's leaf certificates so that they expire {@code left} from now (the expiring fault). */
  static void expireIn(LabState state, HostState host, java.time.Duration left) {
    host.files()
        .put(Kubeadm.CERT_STAMP, "issued=" + (state.now() + left.toMillis() - 365 * DAY) + "\n");
  }

  Result checkExpiration(Invocation inv) {
    HostState host = inv.host();
    String stamp = host.files().get(Kubeadm.CERT_STAMP);
    if (host.kubeadmRole() != KubeadmRole.CONTROL_PLANE || stamp == null) {
      return Kubeadm.fatal(
          1,
          "failed to load existing certificate apiserver: open /etc/kubernetes/pki/apiserver.crt: no such file or directory");
    }
    long issued = Long.parseLong(stamp.trim().substring("issued=".length()));
    long caIssued = state.certificatesIssuedMillis();
    long now = state.now();
    List<Map<String, Object>> certs = new ArrayList<>();
    for (String[] c : CERTS) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("name", c[0]);
      m.put(
          "expirationDate",
          Instant.ofEpochMilli(issued + 365 * DAY)
              .truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
              .toString());
      m.put("residualTime", (issued + 365 * DAY - now) / 1000);
      m.put("externallyManaged", false);
      m.put("caName", c[1]);
      m.put("missing", false);
      certs.add(m);
    }
    List<Map<String, Object>> cas = new ArrayList<>();
    for (String ca : List.of("ca", "etcd-ca", "front-proxy-ca")) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("name", ca);
      m.put(
          "expirationDate",
          Instant.ofEpochMilli(caIssued + 3650 * DAY)
              .truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
              .toString());
      m.put("residualTime", (caIssued + 3650 * DAY - now) / 1000);
      m.put("externallyManaged", false);
      m.put("missing", false);
      cas.add(m);
    }
    String output = inv.option("-o", "--output");
    if ("json".equals(output)) {
      Map<String, Object> info = new LinkedHashMap<>();
      info.put("kind", "CertificateExpirationInfo");
      info.put("apiVersion", "output.kubeadm.k8s.io/v1alpha3");
      info.put("certificates", certs);
      info.put("certificateAuthorities", cas);
      return Result.ok(GoJson.indent(info, "    "));
    }
    DateTimeFormatter f = DateTimeFormatter.ofPattern("MMM dd, yyyy HH:mm 'UTC'", Locale.ENGLISH)
        .withZone(ZoneOffset.UTC);
    StringBuilder out = new StringBuilder(
        "[check-expiration] Reading configuration from the cluster...\n"
            + "[check-expiration] FYI: You can look at this config file with 'kubectl -n kube-system get cm kubeadm-config -o yaml'\n\n");
    String fmt = "%-25s %-25s %-15s %-24s %s%n";
    out.append(String.format(
        fmt,
        "CERTIFICATE",
        "EXPIRES",
        "RESIDUAL TIME",
        "CERTIFICATE AUTHORITY",
        "EXTERNALLY MANAGED"));
    for (Map<String, Object> c : certs) {
      out.append(String.format(
          fmt,
          c.get("name"),
          f.format(Instant.parse((String) c.get("expirationDate"))),
          (long) c.get("residualTime") / 86400 + "d",
          c.get("caName"),
          "no"));
    }
    out.append('\n')
        .append(String.format(
            "%-25s %-25s %-15s %s%n",
            "CERTIFICATE AUTHORITY", "EXPIRES", "RESIDUAL TIME", "EXTERNALLY MANAGED"));
    for (Map<String, Object> c : cas) {
      out.append(String.format(
          "%-25s %-25s %-15s %s%n",
          c.get("name"),
          f.format(Instant.parse((String) c.get("expirationDate"))),
          (long) c.get("residualTime") / 86400 / 365 + "y",
          "no"));
    }
    return Result.ok(out.toString());
  }
}
