package dev.bosun.activities.backup;

import static dev.bosun.activities.kube.KubernetesActivitiesImpl.api;

import dev.bosun.activities.Failures;
import dev.bosun.activities.kube.KubeClients;
import dev.bosun.activities.ssh.CommandResult;
import dev.bosun.activities.ssh.SshPool;
import dev.bosun.workflows.activities.BackupActivities;
import dev.bosun.workflows.activities.OffHostCopy;
import dev.bosun.workflows.activities.OffHostEntry;
import dev.bosun.workflows.activities.OffHostTarget;
import dev.bosun.workflows.activities.Sentinel;
import dev.bosun.workflows.activities.StagedFile;
import dev.bosun.workflows.activities.VeleroBackupRequest;
import dev.bosun.workflows.activities.VeleroStatus;
import dev.bosun.workflows.model.ClusterTarget;
import dev.bosun.workflows.model.HostTarget;
import dev.bosun.workflows.rules.BackupRules;
import dev.bosun.workflows.rules.SentinelPayload;
import dev.bosun.workflows.rules.TargetRules;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;

/**
 * {@link BackupActivities}: the sentinel and Velero's Backup through the Kubernetes API (fabric8 generic
 * resources), a file fetched off a node over SSH, and the off-host copy by rclone or restic on the worker
 * ({@link OffHostTool}). Each checks its input with the inventory's rule classes first.
 */
public final class BackupActivitiesImpl implements BackupActivities {

  private static final Duration POLL = Duration.ofSeconds(1);
  /** Reading a snapshot off a node; capped, like every command, by what is left of the activity's attempt. */
  private static final Duration FETCH_TIMEOUT = Duration.ofHours(1);

  private final KubeClients clients;
  private final SshPool ssh;
  private final OffHostTool tool;

  public BackupActivitiesImpl(KubeClients clients, SshPool ssh) {
    this.clients = clients;
    this.ssh = ssh;
    this.tool = new OffHostTool(ssh);
  }

  @Override
  public Sentinel writeSentinel(ClusterTarget cluster, String uuid, long writtenAtMillis) {
    Failures.validInput(() -> TargetRules.requireCluster(cluster));
    if (uuid == null || !uuid.matches("[0-9a-f-]{36}")) {
      throw Failures.nonRetryable(Failures.INVALID_INPUT, "sentinel uuid must be a UUID");
    }
    KubernetesClient c = clients.client(cluster);
    String writtenAt = Instant.ofEpochMilli(writtenAtMillis).toString();
    // the payload is derived from the UUID and time, so a retry writes the same bytes (and a drill
    // can re-derive it)
    String payload = SentinelPayload.payload(uuid, writtenAtMillis);
    String sha256 = SentinelPayload.sha256(payload);
    api(cluster, "create namespace " + Sentinel.NAMESPACE, () -> {
      if (c.namespaces().withName(Sentinel.NAMESPACE).get() == null) {
        try {
          c.namespaces()
              .resource(new NamespaceBuilder()
                  .withNewMetadata()
                  .withName(Sentinel.NAMESPACE)
                  .endMetadata()
                  .build())
              .create();
        } catch (KubernetesClientException e) {
          if (e.getCode() != 409) {
            throw refusedOr(cluster, "create namespace " + Sentinel.NAMESPACE, e);
          }
        }
      }
      return null;
    });
    ConfigMap cm = new ConfigMapBuilder()
        .withNewMetadata()
        .withName(Sentinel.NAME)
        .withNamespace(Sentinel.NAMESPACE)
        .addToLabels(VeleroResources.SENTINEL_LABEL, "true")
        .addToLabels("app.kubernetes.io/managed-by", "bosun")
        .endMetadata()
        .addToData("uuid", uuid)
        .addToData("writtenAt", writtenAt)
        .addToData("payload", payload)
        .addToData("sha256", sha256)
        .build();
    api(cluster, "write ConfigMap " + Sentinel.NAMESPACE + "/" + Sentinel.NAME, () -> {
      try {
        return c.configMaps()
            .inNamespace(Sentinel.NAMESPACE)
            .resource(cm)
            .forceConflicts()
            .serverSideApply();
      } catch (KubernetesClientException e) {
        throw refusedOr(cluster, "write ConfigMap " + Sentinel.NAMESPACE + "/" + Sentinel.NAME, e);
      }
    });
    return new Sentinel(Sentinel.NAMESPACE, Sentinel.NAME, uuid, writtenAtMillis, sha256);
  }

  @Override
  public VeleroStatus createVeleroBackup(ClusterTarget cluster, VeleroBackupRequest request) {
    Failures.validInput(() -> TargetRules.requireCluster(cluster));
    List<String> problems = BackupRules.problems(request);
    if (!problems.isEmpty()) {
      throw Failures.nonRetryable(Failures.INVALID_INPUT, String.join("; ", problems));
    }
    KubernetesClient c = clients.client(cluster);
    var backups = c.genericKubernetesResources(VeleroResources.context("Backup"))
        .inNamespace(request.veleroNamespace());
    GenericKubernetesResource created =
        api(cluster, "create Velero Backup " + request.name(), () -> {
          try {
            return backups.resource(VeleroResources.backup(request)).create();
          } catch (KubernetesClientException e) {
            if (e.getCode() == 409) {
              return backups
                  .withName(request.name())
                  .get(); // created by an earlier attempt of this activity
            }
            if (e.getCode() == 404) {
              throw Failures.nonRetryable(
                  Failures.KUBE_API,
                  cluster.cluster() + ": Velero's Backup CRD or namespace "
                      + request.veleroNamespace()
                      + " is missing (is Velero installed? backup.velero.namespace): "
                      + e.getMessage());
            }
            throw e;
          }
        });
    return VeleroResources.status("Backup", request.name(), created);
  }

  @Override
  public VeleroStatus awaitVeleroBackup(
      ClusterTarget cluster, String veleroNamespace, String name, Duration timeout) {
    Failures.validInput(() -> TargetRules.requireCluster(cluster));
    Failures.validInput(() -> {
      TargetRules.requirePositive("backup.velero.timeout", timeout);
      return timeout;
    });
    return VeleroResources.await(
        clients.client(cluster),
        cluster,
        "Backup",
        veleroNamespace,
        name,
        timeout,
        "backup.velero.timeout");
  }

  @Override
  public StagedFile fetchFromNode(
      HostTarget host, String remotePath, String stagingDir, String backupName) {
    Failures.validInput(() -> TargetRules.requireHost(host));
    validName(backupName); // a folder of the staging directory: never "..", never a path
    Failures.validInput(() -> OffHostCommands.nodeSha256(remotePath));
    Failures.validInput(() -> {
      TargetRules.requireLocalPath("backup.offHost.stagingDir", stagingDir);
      return stagingDir;
    });
    String sum = require(host, OffHostCommands.nodeSha256(remotePath)).stdout().strip();
    String expected = sum.split("\\s+")[0];
    if (!expected.matches("[0-9a-f]{64}")) {
      throw Failures.nonRetryable(
          Failures.UNPARSEABLE_OUTPUT, host.node() + ": sha256sum printed no checksum");
    }
    String name = "etcd/" + Path.of(remotePath).getFileName();
    Path local = Path.of(LocalPaths.expand(stagingDir), backupName, name);
    // Streamed into a .part file while hashed, moved into place only once the checksums agree: a
    // retried attempt
    // starts the .part afresh, and a staged file is always a verified one.
    Path part = local.resolveSibling(local.getFileName() + ".part");
    MessageDigest digest = sha256Digest();
    long bytes;
    CommandResult read;
    try {
      Files.createDirectories(local.getParent());
      try (OutputStream out = new DigestOutputStream(Files.newOutputStream(part), digest)) {
        read = ssh.runToStream(host, OffHostCommands.nodeCat(remotePath), out, FETCH_TIMEOUT);
      }
      bytes = Files.size(part);
    } catch (IOException e) {
      deleteQuietly(part);
      throw new UncheckedIOException("writing " + part + " on the worker", e);
    }
    if (!read.succeeded()) {
      deleteQuietly(part);
      throw Failures.retryable(
          Failures.COMMAND_FAILED,
          host.node() + ": `" + OffHostCommands.nodeCat(remotePath) + "` exited " + read.exitCode()
              + ": " + Failures.lastLines(read.stderr(), 3));
    }
    String got = HexFormat.of().formatHex(digest.digest());
    if (!got.equals(expected)) {
      deleteQuietly(part);
      throw Failures.nonRetryable(
          Failures.CHECKSUM_MISMATCH,
          host.node() + ":" + remotePath + " has sha256 " + expected + " on the node but " + got
              + " on the worker (" + bytes + " bytes received)");
    }
    try {
      Files.move(part, local, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("moving " + part + " into place on the worker", e);
    }
    return new StagedFile(host.node(), remotePath, name, local.toString(), bytes, got);
  }

  @Override
  public OffHostCopy copyOffHost(OffHostTarget target, String backupName, List<StagedFile> staged) {
    validName(backupName);
    return tool.copy(valid(target), backupName, staged);
  }

  @Override
  public OffHostCopy verifyOffHost(
      OffHostTarget target, String backupName, List<StagedFile> staged) {
    return tool.verify(valid(target), backupName, staged);
  }

  @Override
  public void removeStaging(OffHostTarget target, String backupName) {
    validName(backupName); // the folder removed is stagingDir/backupName: never "..", never a path
    tool.removeStaging(valid(target), backupName);
  }

  @Override
  public List<OffHostEntry> listOffHost(OffHostTarget target) {
    return tool.list(valid(target));
  }

  @Override
  public void deleteOffHost(OffHostTarget target, OffHostEntry entry) {
    validName(entry.backupName()); // it becomes a path to purge: never "..", never a path
    tool.delete(valid(target), entry);
  }

  // ---- helpers ----

  /**
   * The API server refused the request itself (400, 405, 422: this cluster cannot take it; a retry asks the same):
   * a non-retryable failure; anything else goes on to {@code api}'s retryable handling.
   */
  private static RuntimeException refusedOr(
      ClusterTarget cluster, String what, KubernetesClientException e) {
    if (e.getCode() == 400 || e.getCode() == 405 || e.getCode() == 422) {
      return Failures.nonRetryable(
          Failures.KUBE_API,
          cluster.cluster() + ": " + what + " refused (" + e.getCode() + "): "
              + e.getStatus().getMessage());
    }
    return e;
  }

  static void validName(String backupName) {
    String problem = BackupRules.backupNameProblem(backupName);
    if (problem != null) {
      throw Failures.nonRetryable(Failures.INVALID_INPUT, problem);
    }
  }

  static OffHostTarget valid(OffHostTarget target) {
    if (target.runOn() != null) {
      Failures.validInput(() -> TargetRules.requireHost(target.runOn()));
    }
    List<String> problems = BackupRules.problems(target);
    if (!problems.isEmpty()) {
      throw Failures.nonRetryable(Failures.INVALID_INPUT, String.join("; ", problems));
    }
    return target;
  }

  private CommandResult require(HostTarget host, String command) {
    CommandResult r = ssh.run(host, command);
    if (!r.succeeded()) {
      throw Failures.retryable(
          Failures.COMMAND_FAILED,
          host.node() + ": `" + command + "` exited " + r.exitCode() + ": "
              + Failures.lastLines(r.stderr(), 3));
    }
    return r;
  }

  static String sha256(byte[] bytes) {
    return HexFormat.of().formatHex(sha256Digest().digest(bytes));
  }

  private static MessageDigest sha256Digest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is always available", e);
    }
  }

  private static void deleteQuietly(Path p) {
    try {
      Files.deleteIfExists(p);
    } catch (IOException ignored) {
      // a leftover .part is overwritten by the next attempt
    }
  }

  static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
