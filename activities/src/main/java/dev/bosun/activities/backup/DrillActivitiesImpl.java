package dev.bosun.activities.backup;

import static dev.bosun.activities.backup.BackupActivitiesImpl.sleep;
import static dev.bosun.activities.backup.BackupActivitiesImpl.valid;
import static dev.bosun.activities.backup.BackupActivitiesImpl.validName;
import static dev.bosun.activities.kube.KubernetesActivitiesImpl.api;

import dev.bosun.activities.Failures;
import dev.bosun.activities.Heartbeat;
import dev.bosun.activities.kube.KubeClients;
import dev.bosun.activities.ssh.SshPool;
import dev.bosun.workflows.activities.DrillActivities;
import dev.bosun.workflows.activities.NamespaceWorkloads;
import dev.bosun.workflows.activities.OffHostCopy;
import dev.bosun.workflows.activities.OffHostEntry;
import dev.bosun.workflows.activities.OffHostTarget;
import dev.bosun.workflows.activities.ScratchBucket;
import dev.bosun.workflows.activities.Sentinel;
import dev.bosun.workflows.activities.VeleroInstall;
import dev.bosun.workflows.activities.VeleroStatus;
import dev.bosun.workflows.model.ClusterTarget;
import dev.bosun.workflows.model.HostTarget;
import dev.bosun.workflows.rules.DrillRules;
import dev.bosun.workflows.rules.SentinelPayload;
import dev.bosun.workflows.rules.ServiceProxy;
import dev.bosun.workflows.rules.Syntax;
import dev.bosun.workflows.rules.TargetRules;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@link DrillActivities}: the off-host copy verified and restored into the scratch bucket ({@link DrillCopies}),
 * {@code velero install} over SSH ({@link VeleroInstaller}) with its location made ReadOnly through the API, the
 * Restore through its CRD ({@link VeleroResources}, the backup's own), and what the checks read back from the scratch
 * cluster's API. Each checks its input with the inventory's rule classes first.
 */
public final class DrillActivitiesImpl implements DrillActivities {

  private static final Duration POLL = Duration.ofSeconds(2);
  private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(30);
  /** Where the worker stages a resource list it reads from the scratch bucket (runOn unset). */
  private static final String WORKER_STAGING = "~/.bosun/drill-staging";

  private final KubeClients clients;
  private final DrillCopies copies;
  private final VeleroInstaller installer;

  public DrillActivitiesImpl(KubeClients clients, SshPool ssh) {
    this.clients = clients;
    this.copies = new DrillCopies(new OffHostTool(ssh), ssh);
    this.installer = new VeleroInstaller(ssh);
  }

  @Override
  public OffHostCopy verifyCopy(OffHostTarget target, OffHostEntry entry) {
    return copies.verify(valid(target), validEntry(entry));
  }

  @Override
  public Map<String, String> restoreIntoScratchBucket(
      OffHostTarget target, OffHostEntry entry, ScratchBucket bucket) {
    return copies.restoreIntoScratch(valid(target), validEntry(entry), validBucket(bucket));
  }

  @Override
  public Map<String, String> scratchObjectChecksums(ScratchBucket bucket, String backupName) {
    validName(backupName);
    return copies.checksums(scratchTarget(bucket), validBucket(bucket), backupName);
  }

  @Override
  public void installVelero(HostTarget host, ClusterTarget scratch, VeleroInstall install) {
    Failures.validInput(() -> TargetRules.requireCluster(scratch));
    installer.install(host, install);
    KubernetesClient c = clients.client(scratch);
    var location = c.genericKubernetesResources(VeleroResources.context("BackupStorageLocation"))
        .inNamespace(install.namespace())
        .withName(install.storageLocation());
    // ReadOnly: Velero refuses backups to it (and never garbage-collects from it); restores still
    // write restores/
    api(
        scratch,
        "set BackupStorageLocation " + install.storageLocation() + " ReadOnly",
        () -> location.edit(VeleroResources::readOnly));
  }

  @Override
  public VeleroStatus awaitBackupSynced(
      ClusterTarget scratch, String veleroNamespace, String backupName, Duration timeout) {
    Failures.validInput(() -> TargetRules.requireCluster(scratch));
    validName(backupName);
    KubernetesClient c = clients.client(scratch);
    var backup = c.genericKubernetesResources(VeleroResources.context("Backup"))
        .inNamespace(veleroNamespace)
        .withName(backupName);
    Heartbeat heartbeat = Heartbeat.current();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      GenericKubernetesResource b = api(scratch, "GET Backup " + backupName, backup::get);
      if (b != null) {
        return VeleroResources.status("Backup", backupName, b);
      }
      heartbeat.beat("waiting for Velero to sync " + backupName + " from the scratch bucket");
      if (System.nanoTime() > deadline) {
        throw Failures.nonRetryable(
            "VeleroTimedOut",
            "Velero did not sync " + backupName + " from the scratch bucket within "
                + timeout.toSeconds()
                + " s (is the location Available? velero backup-location get)");
      }
      sleep(POLL);
    }
  }

  @Override
  public Map<String, List<String>> backupResourceList(ScratchBucket bucket, String backupName) {
    validName(backupName);
    return copies.resourceList(
        scratchTarget(bucket),
        validBucket(bucket),
        DrillCommands.backupResourceList(bucket, backupName));
  }

  @Override
  public Map<String, List<String>> restoreResourceList(ScratchBucket bucket, String restoreName) {
    validName(restoreName);
    return copies.resourceList(
        scratchTarget(bucket),
        validBucket(bucket),
        DrillCommands.restoreResourceList(bucket, restoreName));
  }

  @Override
  public VeleroStatus createVeleroRestore(
      ClusterTarget scratch, String veleroNamespace, String restoreName, String backupName) {
    Failures.validInput(() -> TargetRules.requireCluster(scratch));
    validName(restoreName);
    validName(backupName);
    var restores = clients
        .client(scratch)
        .genericKubernetesResources(VeleroResources.context("Restore"))
        .inNamespace(veleroNamespace);
    GenericKubernetesResource created = api(scratch, "create Velero Restore " + restoreName, () -> {
      try {
        return restores
            .resource(VeleroResources.restore(veleroNamespace, restoreName, backupName))
            .create();
      } catch (KubernetesClientException e) {
        if (e.getCode() == 409) {
          return restores.withName(restoreName).get(); // created by an earlier attempt
        }
        throw e;
      }
    });
    return VeleroResources.status("Restore", restoreName, created);
  }

  @Override
  public VeleroStatus awaitVeleroRestore(
      ClusterTarget scratch, String veleroNamespace, String restoreName, Duration timeout) {
    Failures.validInput(() -> TargetRules.requireCluster(scratch));
    return VeleroResources.await(
        clients.client(scratch),
        scratch,
        "Restore",
        veleroNamespace,
        restoreName,
        timeout,
        "backup.velero.timeout");
  }

  @Override
  public NamespaceWorkloads awaitWorkloads(
      ClusterTarget scratch, String namespace, Duration timeout) {
    Failures.validInput(() -> TargetRules.requireCluster(scratch));
    requireNamespace(namespace);
    KubernetesClient c = clients.client(scratch);
    Heartbeat heartbeat = Heartbeat.current();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      NamespaceWorkloads w =
          api(scratch, "list the workloads of " + namespace, () -> workloads(c, namespace));
      if (w.ready() || System.nanoTime() > deadline) {
        return w;
      }
      heartbeat.beat(namespace + ": not Ready: " + String.join(", ", w.notReady()));
      sleep(POLL);
    }
  }

  @Override
  public Sentinel readSentinel(ClusterTarget scratch, String namespace, String resource) {
    Failures.validInput(() -> TargetRules.requireCluster(scratch));
    requireNamespace(namespace);
    if (resource == null || !resource.matches("configmap/[a-z0-9.-]{1,253}")) {
      throw Failures.nonRetryable(
          Failures.INVALID_INPUT, "drill.checks[].resource must be configmap/NAME");
    }
    String name = resource.substring("configmap/".length());
    ConfigMap cm = api(
        scratch,
        "GET ConfigMap " + namespace + "/" + name,
        () -> clients
            .client(scratch)
            .configMaps()
            .inNamespace(namespace)
            .withName(name)
            .get());
    if (cm == null || cm.getData() == null) {
      return null;
    }
    Map<String, String> d = cm.getData();
    long writtenAt;
    try {
      writtenAt = Instant.parse(d.getOrDefault("writtenAt", "")).toEpochMilli();
    } catch (RuntimeException e) {
      writtenAt = 0; // not a Bosun sentinel's time: the check says it is stale
    }
    String payload = d.getOrDefault("payload", "");
    return new Sentinel(
        namespace, name, d.getOrDefault("uuid", ""), writtenAt, SentinelPayload.sha256(payload));
  }

  @Override
  public int httpProbe(ClusterTarget scratch, String url) {
    Failures.validInput(() -> TargetRules.requireCluster(scratch));
    ServiceProxy proxy;
    try {
      proxy = ServiceProxy.of(url);
    } catch (IllegalArgumentException e) {
      throw Failures.nonRetryable(Failures.INVALID_INPUT, "drill.checks[].url " + e.getMessage());
    }
    KubernetesClient c = clients.client(scratch);
    String base = c.getMasterUrl().toString().replaceAll("/$", "");
    var http = c.getHttpClient();
    try {
      HttpResponse<String> r = http.sendAsync(
              http.newHttpRequestBuilder()
                  .uri(base + proxy.apiPath())
                  .timeout(PROBE_TIMEOUT.toSeconds(), TimeUnit.SECONDS)
                  .build(),
              String.class)
          .get(PROBE_TIMEOUT.toSeconds() + 5, TimeUnit.SECONDS);
      return r.code();
    } catch (ExecutionException | TimeoutException e) {
      throw Failures.retryable(
          Failures.KUBE_API, scratch.cluster() + ": probing " + url + " failed: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  // ---- helpers ----

  /** Deployments and StatefulSets with every replica Ready, DaemonSets with every scheduled pod Ready. */
  private static NamespaceWorkloads workloads(KubernetesClient c, String ns) {
    List<String> notReady = new ArrayList<>();
    int total = 0;
    for (var d : c.apps().deployments().inNamespace(ns).list().getItems()) {
      total++;
      int want = d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
      int ready = d.getStatus() == null || d.getStatus().getReadyReplicas() == null
          ? 0
          : d.getStatus().getReadyReplicas();
      if (ready < want) {
        notReady.add("Deployment/" + d.getMetadata().getName() + " " + ready + "/" + want);
      }
    }
    for (var s : c.apps().statefulSets().inNamespace(ns).list().getItems()) {
      total++;
      int want = s.getSpec().getReplicas() == null ? 1 : s.getSpec().getReplicas();
      int ready = s.getStatus() == null || s.getStatus().getReadyReplicas() == null
          ? 0
          : s.getStatus().getReadyReplicas();
      if (ready < want) {
        notReady.add("StatefulSet/" + s.getMetadata().getName() + " " + ready + "/" + want);
      }
    }
    for (var ds : c.apps().daemonSets().inNamespace(ns).list().getItems()) {
      total++;
      var st = ds.getStatus();
      int want =
          st == null || st.getDesiredNumberScheduled() == null ? 0 : st.getDesiredNumberScheduled();
      int ready = st == null || st.getNumberReady() == null ? 0 : st.getNumberReady();
      if (ready < want) {
        notReady.add("DaemonSet/" + ds.getMetadata().getName() + " " + ready + "/" + want);
      }
    }
    return new NamespaceWorkloads(ns, total, notReady);
  }

  /** The scratch bucket's reads run where the off-host copy runs (its runOn, else the worker). */
  private static OffHostTarget scratchTarget(ScratchBucket bucket) {
    return DrillCommands.scratch(bucket, WORKER_STAGING, bucket.runOn());
  }

  private static ScratchBucket validBucket(ScratchBucket bucket) {
    List<String> problems = DrillRules.problems(bucket);
    if (!problems.isEmpty()) {
      throw Failures.nonRetryable(Failures.INVALID_INPUT, String.join("; ", problems));
    }
    return bucket;
  }

  private static OffHostEntry validEntry(OffHostEntry entry) {
    validName(entry.backupName());
    return entry;
  }

  private static void requireNamespace(String ns) {
    if (!Syntax.isLabel(ns)) {
      throw Failures.nonRetryable(Failures.INVALID_INPUT, "namespace " + Syntax.LABEL_RULE);
    }
  }
}
