package dev.bosun.sim.velero;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bosun.sim.kube.ClusterStore;
import dev.bosun.sim.kube.GenericObjects;
import dev.bosun.sim.kube.KubeJson;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * What {@code velero install} leaves in a sim cluster, and the double that then plays the server: Velero's CRDs
 * (Established), the namespace, the Secret {@code cloud-credentials} (the --secret-file's bytes under key
 * {@code cloud}), the BackupStorageLocation {@code default} and the Deployment {@code velero} (a restore reads it).
 * Callers hold the lab lock.
 */
public final class VeleroInstall {

  /** The flags of {@code velero install} this lab reads: a location on an S3 API, and the credentials file's bytes. */
  public record Options(
      String namespace,
      String provider,
      String plugins,
      String bucket,
      Map<String, String> locationConfig,
      byte[] credentials,
      String image) {}

  private VeleroInstall() {}

  /** Installs Velero; returns the object names created, in the order the real CLI reports them ("Kind/name"). */
  public static List<String> install(ClusterStore store, Options o, long now) {
    return install(store, o, now, VeleroDouble.SYNC_PERIOD_MILLIS);
  }

  public static List<String> install(
      ClusterStore store, Options o, long now, long syncPeriodMillis) {
    GenericObjects g = store.generic();
    GenericObjects.Kind crdKind = GenericObjects.kindOf("CustomResourceDefinition");
    boolean fresh = g.list(crdKind, null).stream()
        .noneMatch(c -> c.path("metadata").path("name").asText().equals("backups.velero.io"));
    List<String> created = new ArrayList<>();
    for (GenericObjects.Kind k : GenericObjects.KINDS) {
      if (k.crd() == null) {
        continue;
      }
      ObjectNode crd = KubeJson.MAPPER.createObjectNode();
      crd.with("metadata").put("name", k.crd()).with("labels").put("component", "velero");
      ObjectNode spec = crd.with("spec");
      spec.put("group", k.group()).put("scope", "Namespaced");
      spec.with("names")
          .put("kind", k.kind())
          .put("plural", k.plural())
          .put("singular", k.kind().toLowerCase(java.util.Locale.ROOT))
          .put("listKind", k.kind() + "List");
      spec.putArray("versions")
          .addObject()
          .put("name", k.version())
          .put("served", true)
          .put("storage", true);
      crd.with("status")
          .putArray("conditions")
          .addObject()
          .put("type", "Established")
          .put("status", "True");
      g.create(crdKind, crd, now);
      created.add("CustomResourceDefinition/" + k.crd());
    }
    store.addNamespace(o.namespace(), now);
    created.add("Namespace/" + o.namespace());
    ObjectNode secret = KubeJson.MAPPER.createObjectNode();
    secret
        .with("metadata")
        .put("name", "cloud-credentials")
        .put("namespace", o.namespace())
        .with("labels")
        .put("component", "velero");
    secret.put("type", "Opaque");
    secret.with("data").put("cloud", Base64.getEncoder().encodeToString(o.credentials()));
    g.delete(GenericObjects.kindOf("Secret"), o.namespace(), "cloud-credentials");
    g.create(GenericObjects.kindOf("Secret"), secret, now);
    created.add("Secret/cloud-credentials");
    ObjectNode bsl = KubeJson.MAPPER.createObjectNode();
    bsl.with("metadata")
        .put("name", "default")
        .put("namespace", o.namespace())
        .with("labels")
        .put("component", "velero");
    ObjectNode bslSpec = bsl.with("spec");
    bslSpec.put("provider", o.provider()).put("default", true);
    bslSpec.with("objectStorage").put("bucket", o.bucket());
    o.locationConfig().forEach(bslSpec.with("config")::put);
    if (g.get(VeleroDouble.LOCATION, o.namespace(), "default") == null) {
      g.create(VeleroDouble.LOCATION, bsl, now);
    }
    created.add("BackupStorageLocation/default");
    Deployment d = new DeploymentBuilder()
        .withNewMetadata()
        .withName("velero")
        .withNamespace(o.namespace())
        .addToLabels("component", "velero")
        .endMetadata()
        .withNewSpec()
        .withReplicas(1)
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
        .withImage(o.image())
        .endContainer()
        .addNewInitContainer()
        .withName(o.plugins().replaceAll(".*/", "").replaceAll(":.*", ""))
        .withImage(o.plugins())
        .endInitContainer()
        .endSpec()
        .endTemplate()
        .endSpec()
        .build();
    store.addDeployment(d, now);
    created.add("Deployment/velero");
    if (fresh) {
      VeleroDouble server = new VeleroDouble(store, o.namespace(), syncPeriodMillis);
      store.addController(server::tick);
    }
    return created;
  }

  /** The credentials file content a lab writes for a pre-installed Velero (s3proxy's key pair is the lab's own). */
  public static byte[] labCredentials() {
    return "[default]\naws_access_key_id=lab-sim\naws_secret_access_key=lab-sim-secret\n"
        .getBytes(StandardCharsets.UTF_8);
  }
}
