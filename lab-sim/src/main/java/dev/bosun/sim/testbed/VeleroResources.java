package dev.bosun.sim.testbed;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * What {@code velero install} leaves in a cluster, as the test bed applies it before it starts {@link VeleroServer}:
 * Velero's CRDs (as the built binary prints them, waited on until Established), the namespace, the Deployment
 * {@code velero} and the BackupStorageLocation {@code default}. The Deployment is also what lab-sim's Velero double
 * installs (velero.VeleroInstall): one definition for both.
 */
public final class VeleroResources {

  private static final Map<Path, String> CRDS = new ConcurrentHashMap<>();

  private VeleroResources() {}

  /**
   * The Deployment {@code <namespace>/velero} as {@code velero install} creates it: the server container, the
   * object-store plugin as an init container. A restore reads it to find the restore helper's image.
   */
  public static Deployment deployment(
      String namespace, int replicas, String image, String plugins) {
    return new DeploymentBuilder()
        .withNewMetadata()
        .withName("velero")
        .withNamespace(namespace)
        .addToLabels("component", "velero")
        .endMetadata()
        .withNewSpec()
        .withReplicas(replicas)
        .withNewSelector()
        .addToMatchLabels("deploy", "velero")
        .endSelector()
        .withNewTemplate()
        .withNewMetadata()
        .addToLabels("deploy", "velero")
        .addToLabels("component", "velero")
        .endMetadata()
        .withNewSpec()
        .addNewContainer()
        .withName("velero")
        .withImage(image)
        .endContainer()
        .addNewInitContainer()
        .withName(plugins.replaceAll(".*/", "").replaceAll(":.*", ""))
        .withImage(plugins)
        .endInitContainer()
        .endSpec()
        .endTemplate()
        .endSpec()
        .build();
  }

  /** The Velero resources of {@code kind} (Backup, Restore, BackupStorageLocation…) in {@code namespace}. */
  public static NonNamespaceOperation<
          GenericKubernetesResource,
          GenericKubernetesResourceList,
          Resource<GenericKubernetesResource>>
      resources(KubernetesClient client, String namespace, String kind) {
    // the plural given, so fabric8 needs no discovery round (the CRDs are fresh)
    return client
        .genericKubernetesResources(new ResourceDefinitionContext.Builder()
            .withGroup("velero.io")
            .withVersion("v1")
            .withKind(kind)
            .withPlural(kind.toLowerCase(Locale.ROOT) + "s")
            .withNamespaced(true)
            .build())
        .inNamespace(namespace);
  }

  /** Applies Velero's CRDs (printed once per built Velero) and waits until each is Established. */
  static void installCrds(
      KubernetesClient client, TestBed.VeleroAvailability velero, KubeControlPlane cp) {
    String yaml = CRDS.computeIfAbsent(velero.dir(), d -> printCrds(velero, cp));
    List<HasMetadata> items = client
        .load(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)))
        .items();
    List<String> names = new ArrayList<>();
    for (HasMetadata item : items) {
      if (item instanceof CustomResourceDefinition crd) {
        client
            .apiextensions()
            .v1()
            .customResourceDefinitions()
            .resource(crd)
            .forceConflicts()
            .serverSideApply();
        names.add(crd.getMetadata().getName());
      }
    }
    if (names.isEmpty()) {
      throw new TestBedException("velero install --crds-only printed no CustomResourceDefinition");
    }
    for (String name : names) {
      client
          .apiextensions()
          .v1()
          .customResourceDefinitions()
          .withName(name)
          .waitUntilCondition(
              c -> c != null
                  && c.getStatus() != null
                  && c.getStatus().getConditions().stream()
                      .anyMatch(
                          k -> "Established".equals(k.getType()) && "True".equals(k.getStatus())),
              VeleroServer.READY_TIMEOUT.toSeconds(),
              TimeUnit.SECONDS);
    }
  }

  /** Velero's CRDs as the built binary prints them. */
  private static String printCrds(TestBed.VeleroAvailability velero, KubeControlPlane cp) {
    try {
      Process p = new ProcessBuilder(
              velero.velero().toString(),
              "install",
              "--crds-only",
              "--dry-run",
              "-o",
              "yaml",
              "--kubeconfig",
              cp.kubeconfigPath().toString())
          .redirectError(ProcessBuilder.Redirect.DISCARD)
          .start();
      p.getOutputStream().close();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new TestBedException(
            "velero install --crds-only --dry-run -o yaml failed (exit " + p.exitValue() + ")");
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TestBedException("interrupted while reading Velero's CRDs");
    }
  }

  static void applyNamespace(KubernetesClient client, String namespace) {
    client
        .namespaces()
        .resource(new NamespaceBuilder()
            .withNewMetadata()
            .withName(namespace)
            .endMetadata()
            .build())
        .forceConflicts()
        .serverSideApply();
  }

  /** The location {@code default} (provider aws, path style) on {@code location}, replacing any there was. */
  static void applyLocation(
      KubernetesClient client, String namespace, VeleroServer.StorageLocation location) {
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("region", "us-east-1");
    config.put("s3ForcePathStyle", "true");
    config.put("s3Url", location.s3Url());
    Map<String, Object> spec = new LinkedHashMap<>();
    spec.put("provider", "aws");
    spec.put("default", true);
    spec.put("accessMode", location.readOnly() ? "ReadOnly" : "ReadWrite");
    spec.put("objectStorage", Map.of("bucket", location.bucket()));
    spec.put("config", config);
    GenericKubernetesResource bsl = new GenericKubernetesResourceBuilder()
        .withApiVersion(VeleroServer.API_VERSION)
        .withKind("BackupStorageLocation")
        .withNewMetadata()
        .withName(VeleroServer.LOCATION)
        .withNamespace(namespace)
        .endMetadata()
        .build();
    bsl.setAdditionalProperty("spec", spec);
    // Available up front (no status subresource: the status is written with the object), else the
    // backup sync, which runs once a minute, skips it until the minute after the server first
    // validates it (trap 2).
    bsl.setAdditionalProperty("status", Map.of("phase", "Available"));
    var locations = resources(client, namespace, "BackupStorageLocation");
    locations.withName(VeleroServer.LOCATION).delete();
    locations.resource(bsl).create();
  }
}
