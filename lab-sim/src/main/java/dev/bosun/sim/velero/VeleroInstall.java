package dev.bosun.sim.velero;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bosun.sim.kube.ClusterStore;
import dev.bosun.sim.kube.GenericObjects;
import dev.bosun.sim.kube.KubeJson;
import dev.bosun.sim.testbed.VeleroResources;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

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

  /** Installs Velero; returns "Kind/name" → created (false: it existed), in the order the real CLI reports them. */
  public static Map<String, Boolean> install(
      ClusterStore store, Options o, long now, Supplier<String> backupFault) {
    return install(store, o, now, VeleroDouble.SYNC_PERIOD_MILLIS, backupFault);
  }

  /** {@code backupFault}: the phase the next backups end in (the lab's veleroBackup fault), or null. */
  public static Map<String, Boolean> install(
      ClusterStore store,
      Options o,
      long now,
      long syncPeriodMillis,
      Supplier<String> backupFault) {
    GenericObjects g = store.generic();
    GenericObjects.Kind crdKind = GenericObjects.kindOf("CustomResourceDefinition");
    boolean fresh = g.list(crdKind, null).stream()
        .noneMatch(c -> c.path("metadata").path("name").asText().equals("backups.velero.io"));
    Map<String, Boolean> created = new LinkedHashMap<>();
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
      created.put("CustomResourceDefinition/" + k.crd(), g.create(crdKind, crd, now));
    }
    created.put("Namespace/" + o.namespace(), store.namespace(o.namespace()) == null);
    store.addNamespace(o.namespace(), now);
    // the sim keeps no RBAC: the binding is reported as the real CLI reports it, and authorises
    // nothing here
    created.put(
        "ClusterRoleBinding/"
            + (o.namespace().equals("velero") ? "velero" : "velero-" + o.namespace()),
        fresh);
    ObjectNode sa = installed("velero", o.namespace());
    created.put(
        "ServiceAccount/velero", g.create(GenericObjects.kindOf("ServiceAccount"), sa, now));
    ObjectNode secret = installed("cloud-credentials", o.namespace());
    secret.put("type", "Opaque");
    secret.with("data").put("cloud", Base64.getEncoder().encodeToString(o.credentials()));
    created.put("Secret/cloud-credentials", g.create(GenericObjects.kindOf("Secret"), secret, now));
    ObjectNode bsl = installed("default", o.namespace());
    ObjectNode bslSpec = bsl.with("spec");
    bslSpec.put("provider", o.provider()).put("default", true);
    bslSpec.with("objectStorage").put("bucket", o.bucket());
    o.locationConfig().forEach(bslSpec.with("config")::put);
    created.put("BackupStorageLocation/default", g.create(VeleroDouble.LOCATION, bsl, now));
    // the same Deployment the test bed applies for the real server
    Deployment d = VeleroResources.deployment(o.namespace(), 1, o.image(), o.plugins());
    created.put("Deployment/velero", store.addDeployment(d, now));
    if (fresh) {
      VeleroDouble server = new VeleroDouble(store, o.namespace(), syncPeriodMillis, backupFault);
      store.addController(server::tick);
    }
    return created;
  }

  /** An object as {@code velero install} creates it: named, in the namespace, labelled component=velero. */
  private static ObjectNode installed(String name, String namespace) {
    ObjectNode o = KubeJson.MAPPER.createObjectNode();
    o.with("metadata")
        .put("name", name)
        .put("namespace", namespace)
        .with("labels")
        .put("component", "velero");
    return o;
  }

  /** The credentials file content a lab writes for a pre-installed Velero (s3proxy's key pair is the lab's own). */
  public static byte[] labCredentials() {
    return "[default]\naws_access_key_id=lab-sim\naws_secret_access_key=lab-sim-secret\n"
        .getBytes(StandardCharsets.UTF_8);
  }
}
