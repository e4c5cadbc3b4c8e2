package dev.bosun.sim.velero;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bosun.sim.LabSim;
import dev.bosun.sim.LabSpec;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Velero's double on a sim lab, driven through the lab's API with fabric8 as Bosun drives the real Velero. */
class VeleroDoubleTest {

  @TempDir
  Path dir;

  @Test
  void backupRestoreAndTheThreeCorruptions() throws Exception {
    try (LabSim lab = LabSim.start(LabSpec.of("vel", 1, 2, "v1.30.6", dir).withVelero("velero"));
        KubernetesClient k = VeleroApi.client(lab)) {
      VeleroApi.seed(k, "shop");
      Path bucket = lab.s3Dir().resolve("velero");
      VeleroApi.create(
          k,
          "Backup",
          "b1",
          Map.of("includedNamespaces", List.of("shop"), "storageLocation", "default"));
      Map<String, Object> b = VeleroApi.awaitTerminal(k, "Backup", "b1");
      assertThat(b)
          .containsEntry("phase", "Completed")
          .containsEntry("formatVersion", "1.1.0")
          .containsKey("expiration");
      assertThat((Map<String, Object>) b.get("progress"))
          .containsEntry("totalItems", 8)
          .containsEntry("itemsBackedUp", 8);
      assertThat(Files.exists(bucket.resolve("backups/b1/b1-resource-list.json.gz")))
          .isTrue();
      assertThat(VeleroApi.gunzip(bucket.resolve("backups/b1/b1-resource-list.json.gz")))
          .contains(
              "\"v1/ConfigMap\":[\"shop/kube-root-ca.crt\",\"shop/sentinel\"]",
              "\"apps/v1/Deployment\":[\"shop/web\"]");
      assertThat(Tarball.read(Files.readAllBytes(bucket.resolve("backups/b1/b1.tar.gz")))
              .keySet())
          .contains(
              "metadata/version",
              "resources/configmaps/namespaces/shop/sentinel.json",
              "resources/configmaps/v1-preferredversion/namespaces/shop/sentinel.json",
              "resources/namespaces/cluster/shop.json",
              "resources/deployments.apps/namespaces/shop/web.json");

      VeleroApi.create(
          k,
          "Restore",
          "r-ok",
          Map.of("backupName", "b1", "namespaceMapping", Map.of("shop", "shop-ok")));
      Map<String, Object> r = VeleroApi.awaitTerminal(k, "Restore", "r-ok");
      assertThat(r).containsEntry("phase", "Completed").containsEntry("warnings", 1);
      assertThat(
              k.configMaps().inNamespace("shop-ok").withName("sentinel").get().getData())
          .containsEntry("uuid", "u1");
      assertThat(k.apps()
              .deployments()
              .inNamespace("shop-ok")
              .withName("web")
              .get()
              .getSpec()
              .getReplicas())
          .isEqualTo(2);
      assertThat(VeleroApi.gunzip(bucket.resolve("restores/r-ok/restore-r-ok-results.gz")))
          .contains("could not restore, ConfigMap:kube-root-ca.crt already exists");

      for (String c : List.of("trunc", "garbage", "missing")) {
        VeleroApi.create(k, "Backup", "b-" + c, Map.of("includedNamespaces", List.of("shop")));
        assertThat(VeleroApi.awaitTerminal(k, "Backup", "b-" + c))
            .containsEntry("phase", "Completed");
        Path tar = bucket.resolve("backups/b-" + c + "/b-" + c + ".tar.gz");
        VeleroApi.corrupt(tar, c);
        VeleroApi.create(k, "Restore", "r-" + c, Map.of("backupName", "b-" + c));
      }
      assertThat(VeleroApi.awaitTerminal(k, "Restore", "r-trunc"))
          .containsEntry("phase", "PartiallyFailed")
          .containsEntry("errors", 1);
      assertThat(VeleroApi.gunzip(bucket.resolve("restores/r-trunc/restore-r-trunc-results.gz")))
          .isEqualTo("{\"errors\":{\"velero\":[\"unexpected EOF\"]},\"warnings\":{}}\n");
      assertThat(
              VeleroApi.gunzip(bucket.resolve("restores/r-garbage/restore-r-garbage-results.gz")))
          .contains("gzip: invalid header");
      Map<String, Object> missing = VeleroApi.awaitTerminal(k, "Restore", "r-missing");
      assertThat(missing).containsEntry("phase", "Failed");
      assertThat((String) missing.get("failureReason"))
          .startsWith("restore execution failed: error downloading backup:")
          .contains("StatusCode: 404", "NoSuchKey: The specified key does not exist.");
      assertThat(Files.exists(bucket.resolve("restores/r-missing"))).isFalse();

      // a ReadOnly location refuses backups
      VeleroApi.resources(k, "BackupStorageLocation").withName("default").edit(l -> {
        ((Map<String, Object>) l.getAdditionalProperties().get("spec"))
            .put("accessMode", "ReadOnly");
        return l;
      });
      VeleroApi.create(k, "Backup", "b-ro", Map.of("includedNamespaces", List.of("shop")));
      Map<String, Object> ro = VeleroApi.awaitTerminal(k, "Backup", "b-ro");
      assertThat(ro).containsEntry("phase", "FailedValidation");
      assertThat(ro.get("validationErrors").toString()).contains("is currently in read-only mode");
    }
  }

  @Test
  void aBackupInTheBucketSyncsIntoAnotherLabPointedAtIt() throws Exception {
    try (LabSim source = LabSim.start(
            LabSpec.of("src", 1, 1, "v1.30.6", dir.resolve("src")).withVelero("velero"));
        LabSim scratch =
            LabSim.start(LabSpec.of("scratch", 1, 1, "v1.30.6", dir.resolve("scratch")));
        KubernetesClient s = VeleroApi.client(source);
        KubernetesClient t = VeleroApi.client(scratch)) {
      VeleroApi.seed(s, "shop");
      VeleroApi.create(s, "Backup", "b1", Map.of("includedNamespaces", List.of("shop")));
      assertThat(VeleroApi.awaitTerminal(s, "Backup", "b1")).containsEntry("phase", "Completed");
      Path bucket = source.s3Dir().resolve("velero");
      Map<Path, String> before = VeleroApi.checksums(bucket.resolve("backups/b1"));

      assertThat(
              scratch.run("cp-1", "echo '[default]' > /tmp/credentials-velero").exitCode())
          .isZero();
      String install = VeleroApi.installLine(source.s3Url(), true);
      var out = scratch.run("cp-1", install);
      assertThat(out.exitCode()).as(out.stderr()).isZero();
      assertThat(out.stdout())
          .startsWith(
              "CustomResourceDefinition/backuprepositories.velero.io: attempting to create resource client\n")
          .contains(
              "Secret/cloud-credentials: created\n",
              "BackupStorageLocation/default: created\n",
              "Waiting for Velero deployment to be ready.\n")
          .endsWith(
              "Velero is installed! ⛵ Use 'kubectl logs deployment/velero -n velero' to view the status.\n");
      var unknown = scratch.run("cp-1", install + " --colour");
      assertThat(unknown.exitCode()).isEqualTo(1);
      assertThat(unknown.stderr())
          .startsWith("Error: unknown flag: --colour\nUsage:\n  velero install [flags]\n")
          .endsWith("velero: unknown flag: --colour\n");
      assertThat(t.secrets()
              .inNamespace("velero")
              .withName("cloud-credentials")
              .get()
              .getData())
          .containsEntry(
              "cloud", java.util.Base64.getEncoder().encodeToString("[default]\n".getBytes()));

      VeleroApi.resources(t, "BackupStorageLocation").withName("default").edit(l -> {
        ((Map<String, Object>) l.getAdditionalProperties().get("spec"))
            .put("accessMode", "ReadOnly");
        return l;
      });
      Map<String, Object> synced = VeleroApi.awaitTerminal(t, "Backup", "b1");
      assertThat(synced).containsEntry("phase", "Completed");
      VeleroApi.create(t, "Restore", "r1", Map.of("backupName", "b1"));
      assertThat(VeleroApi.awaitTerminal(t, "Restore", "r1")).containsEntry("phase", "Completed");
      assertThat(t.configMaps().inNamespace("shop").withName("sentinel").get().getData())
          .containsEntry("uuid", "u1");
      // ReadOnly still writes the restore's logs into the bucket (trap 4); the backup's own objects
      // stay as they were
      assertThat(bucket.resolve("restores/r1/restore-r1-logs.gz")).exists();
      assertThat(VeleroApi.checksums(bucket.resolve("backups/b1"))).isEqualTo(before);
    }
  }

  @Test
  void theVeleroBackupFaultEndsBackupsPartiallyFailedOrFailedUntilCleared() throws Exception {
    try (LabSim lab = LabSim.start(LabSpec.of("velf", 1, 1, "v1.30.6", dir).withVelero("velero"));
        KubernetesClient k = VeleroApi.client(lab)) {
      VeleroApi.seed(k, "shop");
      Path bucket = lab.s3Dir().resolve("velero");
      lab.faults().veleroBackup("PartiallyFailed");
      Map<String, Object> partial =
          VeleroApi.terminal(k, "Backup", "p1", Map.of("includedNamespaces", List.of("shop")));
      assertThat(partial).containsEntry("phase", "PartiallyFailed").containsEntry("errors", 1);
      assertThat(VeleroApi.gunzip(bucket.resolve("backups/p1/p1-results.gz")))
          .contains("Error backing up item", "injected by lab-sim");
      lab.faults().veleroBackup("Failed");
      Map<String, Object> failed =
          VeleroApi.terminal(k, "Backup", "f1", Map.of("includedNamespaces", List.of("shop")));
      assertThat(failed).containsEntry("phase", "Failed");
      assertThat((String) failed.get("failureReason"))
          .startsWith("error uploading backup:")
          .contains("PutObject");
      assertThat(bucket.resolve("backups/f1")).doesNotExist();
      lab.faults().clear();
      assertThat(
              VeleroApi.terminal(k, "Backup", "c1", Map.of("includedNamespaces", List.of("shop"))))
          .containsEntry("phase", "Completed");
    }
  }
}
