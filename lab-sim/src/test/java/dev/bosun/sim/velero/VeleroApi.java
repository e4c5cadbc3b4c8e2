package dev.bosun.sim.velero;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bosun.sim.LabSim;
import dev.bosun.sim.kube.LabObjects;
import dev.bosun.sim.testbed.VeleroResources;
import dev.bosun.sim.testbed.VeleroServer;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/** Velero through its resources, as Bosun drives it: the moves the double's tests and the contract test share. */
public final class VeleroApi {

  private VeleroApi() {}

  /** A fabric8 client on the lab's admin kubeconfig (the caller closes it). */
  public static KubernetesClient client(LabSim lab) throws java.io.IOException {
    return new KubernetesClientBuilder()
        .withConfig(Config.fromKubeconfig(Files.readString(lab.kubeconfig())))
        .build();
  }

  /** The common moves of the contract: a namespace with a sentinel ConfigMap and a 2-replica Deployment. */
  public static void seed(KubernetesClient k, String ns) {
    seed(k, ns, Map.of("uuid", "u1"));
  }

  /** Namespace {@code ns} holding the ConfigMap {@code sentinel} with {@code data} and the lab's 2-replica Deployment {@code web}. */
  public static void seed(KubernetesClient k, String ns, Map<String, String> data) {
    k.namespaces().resource(LabObjects.namespace(ns)).create();
    k.configMaps()
        .inNamespace(ns)
        .resource(LabObjects.configMap(ns, "sentinel", data))
        .create();
    k.apps()
        .deployments()
        .inNamespace(ns)
        .resource(LabObjects.deployment(ns, "web", 2))
        .create();
  }

  public static GenericKubernetesResource create(
      KubernetesClient k, String kind, String name, Map<String, Object> spec) {
    GenericKubernetesResource r = new GenericKubernetesResourceBuilder()
        .withApiVersion("velero.io/v1")
        .withKind(kind)
        .withNewMetadata()
        .withName(name)
        .withNamespace("velero")
        .endMetadata()
        .build();
    r.setAdditionalProperty("spec", spec);
    return resources(k, kind).resource(r).create();
  }

  public static io.fabric8.kubernetes.client.dsl.NonNamespaceOperation<
          GenericKubernetesResource,
          io.fabric8.kubernetes.api.model.GenericKubernetesResourceList,
          io.fabric8.kubernetes.client.dsl.Resource<GenericKubernetesResource>>
      resources(KubernetesClient k, String kind) {
    return VeleroResources.resources(k, "velero", kind);
  }

  @SuppressWarnings("unchecked")
  public static Map<String, Object> awaitTerminal(KubernetesClient k, String kind, String name)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (true) {
      GenericKubernetesResource r = resources(k, kind).withName(name).get();
      Map<String, Object> s = r == null
          ? Map.of()
          : (Map<String, Object>) r.getAdditionalProperties().getOrDefault("status", Map.of());
      if (VeleroServer.TERMINAL_PHASES.contains(String.valueOf(s.get("phase")))) {
        return s;
      }
      assertThat(System.nanoTime())
          .as(kind + " " + name + " terminal; status " + s)
          .isLessThan(deadline);
      Thread.sleep(50);
    }
  }

  public static String gunzip(Path f) throws Exception {
    try (InputStream in = new GZIPInputStream(Files.newInputStream(f))) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  public static Map<Path, String> checksums(Path dir) throws Exception {
    Map<Path, String> sums = new java.util.TreeMap<>();
    try (var files = Files.list(dir)) {
      for (Path f : files.toList()) {
        sums.put(
            f.getFileName(),
            java.util.HexFormat.of()
                .formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(Files.readAllBytes(f))));
      }
    }
    return sums;
  }

  /** Creates a Backup or Restore and waits for a terminal phase; returns what a caller compares: the phase, the
   * counts, the validation errors and the failure reason. */
  public static Map<String, Object> terminal(
      KubernetesClient k, String kind, String name, Map<String, Object> spec)
      throws InterruptedException {
    create(k, kind, name, spec);
    Map<String, Object> s = awaitTerminal(k, kind, name);
    Map<String, Object> kept = new java.util.TreeMap<>();
    for (String f : List.of(
        "phase",
        "errors",
        "warnings",
        "failureReason",
        "validationErrors",
        "progress",
        "formatVersion",
        "version")) {
      if (s.containsKey(f)) {
        kept.put(f, s.get(f));
      }
    }
    return kept;
  }

  /** The drill's negative controls on a backup tarball: {@code trunc} (cut in half), {@code garbage}, {@code missing}. */
  public static void corrupt(Path tarball, String how) throws java.io.IOException {
    switch (how) {
      case "trunc" ->
        Files.write(
            tarball,
            java.util.Arrays.copyOf(Files.readAllBytes(tarball), (int) Files.size(tarball) / 2));
      case "garbage" ->
        Files.write(tarball, "this is not a gzip stream at all, just bytes".getBytes());
      case "missing" -> Files.delete(tarball);
      default -> throw new IllegalArgumentException(how);
    }
  }

  /**
   * The restore drill's install line (the agreed interface): Velero in namespace {@code velero} on the host's admin
   * kubeconfig, its location on bucket {@code velero} at {@code s3Url}, credentials from /tmp/credentials-velero.
   */
  public static String installLine(String s3Url, boolean wait) {
    return "sudo -n velero install --kubeconfig /etc/kubernetes/admin.conf --namespace velero --provider aws"
        + " --plugins velero/velero-plugin-for-aws:v1.14.3 --bucket velero --backup-location-config"
        + " region=us-east-1,s3ForcePathStyle=true,s3Url=" + s3Url
        + " --secret-file /tmp/credentials-velero --use-volume-snapshots=false"
        + (wait ? " --wait" : "");
  }
}
