package dev.bosun.workflows.testing;

import dev.bosun.workflows.activities.CertificateExpiry;
import dev.bosun.workflows.activities.ClusterState;
import dev.bosun.workflows.activities.ControlPlaneHealth;
import dev.bosun.workflows.activities.CordonResult;
import dev.bosun.workflows.activities.DrainPlan;
import dev.bosun.workflows.activities.EtcdSnapshot;
import dev.bosun.workflows.activities.EvictionRequest;
import dev.bosun.workflows.activities.EvictionRound;
import dev.bosun.workflows.activities.HostFacts;
import dev.bosun.workflows.activities.KubeadmUpgradePlan;
import dev.bosun.workflows.activities.KubernetesActivities;
import dev.bosun.workflows.activities.NodeActivities;
import dev.bosun.workflows.activities.NodeState;
import dev.bosun.workflows.activities.PackageChange;
import dev.bosun.workflows.activities.PackagePin;
import dev.bosun.workflows.activities.PdbBlocker;
import dev.bosun.workflows.activities.PodRef;
import dev.bosun.workflows.activities.StaticPod;
import dev.bosun.workflows.activities.StepOutcome;
import dev.bosun.workflows.model.ClusterTarget;
import dev.bosun.workflows.model.DrainOptions;
import dev.bosun.workflows.model.HostTarget;
import dev.bosun.workflows.model.KubeVersion;
import dev.bosun.workflows.model.KubernetesSpec;
import dev.bosun.workflows.upgrade.NodeStep;
import io.temporal.activity.Activity;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A kubeadm cluster in memory, behind both activity interfaces: packages, kubelet versions, static pods,
 * cordons and pods change as the real activities would change them. Records every mutating call in order.
 */
public class FakeCluster implements KubernetesActivities, NodeActivities {

  public static final String PKG_SUFFIX = "-1.1";

  public static final class Node {
    public final String name;
    public final boolean controlPlane;
    public String kubelet;
    public String staticPods;
    public boolean ready = true;
    public boolean unschedulable;
    /** The workflow whose cordon this is (the bosun.dev/cordoned-by annotation); null: not Bosun's. */
    public String cordonedBy;

    public final Map<String, String> packages = new LinkedHashMap<>();
    public final List<PodRef> pods = new ArrayList<>();
    public int pdbBlockedRounds;
    /** Rounds that end with every pod evicted but still terminating (a slow kubelet), before they are gone. */
    public int terminatingRounds;

    public boolean podsStuck;
    public List<String> refusals = List.of();

    Node(String name, boolean controlPlane, String version) {
      this.name = name;
      this.controlPlane = controlPlane;
      this.kubelet = version;
      this.staticPods = controlPlane ? version : null;
      String pkg = version.substring(1) + PKG_SUFFIX;
      packages.put("kubeadm", pkg);
      packages.put("kubelet", pkg);
      packages.put("kubectl", pkg);
    }
  }

  public final Map<String, Node> nodes = new LinkedHashMap<>();
  public final List<String> calls = new ArrayList<>();
  public boolean etcdHealthy = true;
  public String packageManager = "apt";
  public boolean targetPackagesAvailable = true;
  /** Whether the package index (bosun plan's read-only look-up) can be read; false: curl fails. */
  public boolean packageIndexReadable = true;

  public boolean hostKeyMismatch;
  /** etcdctl/etcdutl not installed on the control planes. */
  public boolean etcdToolsMissing;
  /** Control planes whose etcd member answers unhealthy (etcdctl endpoint health). */
  public final java.util.Set<String> etcdMembersDown =
      java.util.Collections.synchronizedSet(new java.util.LinkedHashSet<>());

  public final List<CertificateExpiry> certificates = new ArrayList<>();
  public final List<PdbBlocker> pdbBlockers = new ArrayList<>();
  public final List<String> mutatingCalls = new ArrayList<>();
  /** Per node, what its kubeadm upgrade does besides (run once): e.g. kubeadm#3049 dropping kubelet settings. */
  public final Map<String, Runnable> onKubeadmUpgrade = new HashMap<>();

  /** Per node, the settings its fingerprint reports; a test changes them to make drift (none by default). */
  public final Map<String, Map<String, Map<String, String>>> configs = new HashMap<>();

  /** Control planes whose API server never gets healthy again once their static pod manifests came back. */
  public final java.util.Set<String> unhealthyAfterRestart = new java.util.HashSet<>();

  public int maxBosunCordoned;
  private final Map<String, NodeStep> failAt = new HashMap<>();
  private final Map<String, Integer> cordonAnswersLost = new HashMap<>();
  /**
   * When set, a downgrade (a worker's rollback) counts down {@link #downgradeStarted}, then waits in
   * installPackages until {@link #releaseDowngrades}: a test decides when the rollback ends, not the wall clock.
   */
  public volatile boolean holdDowngrades;

  public final CountDownLatch downgradeStarted = new CountDownLatch(1);
  private final CountDownLatch downgradeGate = new CountDownLatch(1);
  private boolean lostAnswerRetryable;
  private final Map<String, Integer> failuresLeft = new HashMap<>();

  public FakeCluster(String version, int controlPlanes, int workers) {
    for (int i = 1; i <= controlPlanes; i++) {
      nodes.put("cp-" + i, new Node("cp-" + i, true, version));
    }
    for (int i = 1; i <= workers; i++) {
      Node w = new Node("w-" + i, false, version);
      w.pods.add(new PodRef("default", "app-" + i, 30));
      nodes.put(w.name, w);
    }
  }

  public Node node(String name) {
    return nodes.get(name);
  }

  /** The next {@code times} attempts of {@code step} on {@code node} fail (non-retryable CommandFailed). */
  public synchronized FakeCluster failAt(String node, NodeStep step, int times) {
    failAt.put(node, step);
    failuresLeft.put(node, times);
    return this;
  }

  private void maybeFail(String node, NodeStep step) {
    if (failAt.get(node) == step && failuresLeft.getOrDefault(node, 0) > 0) {
      failuresLeft.merge(node, -1, Integer::sum);
      throw ApplicationFailure.newNonRetryableFailure(
          "injected failure of " + step + " on " + node, "CommandFailed");
    }
  }

  private void record(String call) {
    calls.add(call);
  }

  private void mutating(String call) {
    calls.add(call);
    mutatingCalls.add(call);
  }

  public synchronized int indexOf(String call) {
    return calls.indexOf(call);
  }

  public synchronized int lastIndexOfPrefix(String prefix) {
    for (int i = calls.size() - 1; i >= 0; i--) {
      if (calls.get(i).startsWith(prefix)) return i;
    }
    return -1;
  }

  public synchronized List<String> callsOf(String node) {
    return calls.stream()
        .filter(c -> c.endsWith(":" + node) || c.contains(":" + node + ":"))
        .toList();
  }

  // ---- KubernetesActivities ----

  @Override
  public synchronized ClusterState readClusterState(ClusterTarget cluster) {
    record("readClusterState");
    List<NodeState> states = nodes.values().stream()
        .map(n -> new NodeState(n.name, n.kubelet, n.ready, n.unschedulable, n.controlPlane))
        .toList();
    List<StaticPod> pods = nodes.values().stream()
        .filter(n -> n.controlPlane)
        .map(n -> new StaticPod(n.name, "kube-apiserver", n.staticPods, true))
        .toList();
    String api = nodes.values().stream()
        .filter(n -> n.controlPlane)
        .map(n -> n.staticPods)
        .findFirst()
        .orElse(null);
    return new ClusterState(api, states, pods, etcdHealthy);
  }

  /**
   * Like the real activity: Bosun's cordon carries the workflow id ({@link Node#cordonedBy}), so a retry
   * from the same workflow finds its own cordon (wasCordoned=false).
   */
  @Override
  public synchronized CordonResult cordon(ClusterTarget cluster, String node) {
    mutating("cordon:" + node);
    Node n = nodes.get(node);
    String owner = Activity.getExecutionContext().getInfo().getWorkflowId();
    boolean was = n.unschedulable && !owner.equals(n.cordonedBy);
    if (!n.unschedulable) {
      n.unschedulable = true;
      n.cordonedBy = owner;
    }
    maxBosunCordoned = Math.max(maxBosunCordoned, (int)
        nodes.values().stream().filter(x -> x.unschedulable && !x.controlPlane).count());
    Integer lost = cordonAnswersLost.get(node);
    if (lost != null && lost > 0) {
      cordonAnswersLost.put(node, lost - 1);
      String message = "injected: the cordon of " + node + " went through but its answer was lost";
      throw lostAnswerRetryable
          ? ApplicationFailure.newFailure(message, "ApiUnavailable")
          : ApplicationFailure.newNonRetryableFailure(message, "ApiUnavailable");
    }
    return new CordonResult(node, was);
  }

  /** The next {@code times} cordons of {@code node} take effect but then fail (a lost answer). */
  public synchronized FakeCluster loseCordonAnswer(String node, int times, boolean retryable) {
    cordonAnswersLost.put(node, times);
    lostAnswerRetryable = retryable;
    return this;
  }

  @Override
  public synchronized void uncordon(ClusterTarget cluster, String node) {
    mutating("uncordon:" + node);
    maybeFail(node, NodeStep.UNCORDON);
    nodes.get(node).unschedulable = false;
    nodes.get(node).cordonedBy = null;
  }

  @Override
  public synchronized DrainPlan planDrain(
      ClusterTarget cluster, String node, DrainOptions options) {
    record("planDrain:" + node);
    maybeFail(node, NodeStep.DRAIN);
    Node n = nodes.get(node);
    List<String> refusals = options.force() ? List.of() : n.refusals;
    return new DrainPlan(node, List.copyOf(n.pods), List.of(), refusals);
  }

  @Override
  public synchronized EvictionRound evictPods(EvictionRequest request) {
    mutating("evictPods:" + request.node());
    Node n = nodes.get(request.node());
    if (n.podsStuck || n.pdbBlockedRounds > 0) {
      if (n.pdbBlockedRounds > 0) n.pdbBlockedRounds--;
      PdbBlocker blocker = new PdbBlocker(
          "default",
          "app-pdb",
          0,
          request.pods().stream().map(PodRef::toString).toList(),
          "Cannot evict pod as it would violate the pod's disruption budget.");
      return new EvictionRound(List.of(), List.of(), request.pods(), List.of(blocker));
    }
    if (n.terminatingRounds > 0) {
      n.terminatingRounds--;
      return new EvictionRound(List.of(), request.pods(), List.of(), List.of());
    }
    n.pods.removeAll(request.pods());
    return new EvictionRound(request.pods(), List.of(), List.of(), List.of());
  }

  @Override
  public synchronized NodeState waitForNodeReady(
      ClusterTarget cluster, String node, KubeVersion version, Duration timeout) {
    record("waitForNodeReady:" + node);
    // The health recheck of a worker asks with a short timeout; the main wait asks with minutes.
    maybeFail(
        node,
        timeout.compareTo(Duration.ofMinutes(5)) < 0 ? NodeStep.HEALTH_GATE : NodeStep.WAIT_READY);
    Node n = nodes.get(node);
    if (!n.ready || !version.toString().equals(n.kubelet)) {
      throw ApplicationFailure.newNonRetryableFailure(
          node + " is not Ready at " + version + " (kubelet " + n.kubelet + ")", "NodeNotReady");
    }
    return new NodeState(n.name, n.kubelet, n.ready, n.unschedulable, n.controlPlane);
  }

  @Override
  public synchronized List<PdbBlocker> findPdbBlockers(ClusterTarget cluster, List<String> nodes) {
    record("findPdbBlockers");
    return List.copyOf(pdbBlockers);
  }

  @Override
  public synchronized ControlPlaneHealth checkControlPlane(
      ClusterTarget cluster, String node, KubeVersion version) {
    record("checkControlPlane:" + node);
    Node n = nodes.get(node);
    List<String> problems = new ArrayList<>();
    if (failAt.get(node) == NodeStep.HEALTH_GATE && failuresLeft.getOrDefault(node, 0) > 0) {
      failuresLeft.merge(node, -1, Integer::sum);
      problems.add("kube-scheduler on " + node + " is not Ready");
    }
    if (unhealthyAfterRestart.contains(node) && calls.contains("resumeStaticPods:" + node)) {
      problems.add("kube-apiserver on " + node + " is not Ready");
    }
    if (!version.toString().equals(n.staticPods)) {
      problems.add("kube-apiserver on " + node + " runs " + n.staticPods + ", not " + version);
    }
    return new ControlPlaneHealth(
        node, List.of(new StaticPod(node, "kube-apiserver", n.staticPods, true)), true, problems);
  }

  // ---- NodeActivities ----

  @Override
  public synchronized HostFacts readHostFacts(HostTarget host) {
    record("readHostFacts:" + host.node());
    if (hostKeyMismatch) {
      throw ApplicationFailure.newNonRetryableFailure(
          "host key of " + host.node() + " (" + host.address() + ") does not match known_hosts",
          "HostKeyMismatch");
    }
    Node n = nodes.get(host.node());
    return new HostFacts(
        host.node(),
        host.node(),
        "amd64",
        packageManager,
        "v" + n.packages.get("kubeadm").replace(PKG_SUFFIX, ""),
        Map.copyOf(n.packages),
        List.of("kubeadm", "kubelet", "kubectl"),
        n.kubelet.substring(0, n.kubelet.lastIndexOf('.')),
        true);
  }

  @Override
  public synchronized StepOutcome setPackageRepository(
      HostTarget host, String repositoryBaseUrl, KubeVersion target) {
    mutating("setPackageRepository:" + host.node());
    return StepOutcome.done("pointed at " + repositoryBaseUrl + target.minorLabel());
  }

  @Override
  public synchronized String resolvePackageVersion(
      HostTarget host, String packageName, KubeVersion target) {
    record("resolvePackageVersion:" + host.node());
    if (!targetPackagesAvailable) {
      throw ApplicationFailure.newNonRetryableFailure(
          packageName + " " + target.bare() + " not found in the repository", "PackageNotFound");
    }
    return target.bare() + PKG_SUFFIX;
  }

  @Override
  public synchronized String lookUpPackageVersion(
      HostTarget host, String repositoryBaseUrl, String packageName, KubeVersion target) {
    record("lookUpPackageVersion:" + host.node());
    if (!packageIndexReadable) {
      throw ApplicationFailure.newNonRetryableFailure(
          host.node() + ": could not read the package index (curl exited 6: curl: (6) Could not"
              + " resolve host: pkgs.k8s.io)",
          "CommandFailed");
    }
    if (!targetPackagesAvailable) {
      throw ApplicationFailure.newNonRetryableFailure(
          packageName + " " + target.bare() + " (amd64) is not in the package index",
          "PackageNotFound");
    }
    return target.bare() + PKG_SUFFIX;
  }

  /** The latest patch each minor's repository offers (default: .9); a minor listed in {@link #missingMinors} has none. */
  public final Map<String, Integer> latestPatch = new HashMap<>();

  /** Minors ("v1.31") whose repository lists no package: a chain through them is refused. */
  public final java.util.Set<String> missingMinors = new java.util.HashSet<>();

  @Override
  public synchronized String latestPackageVersion(
      HostTarget host, String repositoryBaseUrl, String packageName, KubeVersion minor) {
    record("latestPackageVersion:" + host.node() + ":" + minor.minorLabel());
    if (!packageIndexReadable) {
      throw ApplicationFailure.newNonRetryableFailure(
          host.node() + ": could not read the package index", "CommandFailed");
    }
    if (missingMinors.contains(minor.minorLabel())) {
      throw ApplicationFailure.newNonRetryableFailure(
          packageName + " " + minor.minorLabel() + ".x (amd64) is not in the package index "
              + KubernetesSpec.minorRepository(repositoryBaseUrl, minor)
              + "Packages; it lists: none",
          "PackageNotFound");
    }
    return minor.major() + "." + minor.minor() + "."
        + latestPatch.getOrDefault(minor.minorLabel(), 9) + PKG_SUFFIX;
  }

  @Override
  public PackageChange installPackages(HostTarget host, List<PackagePin> pins) {
    if (holdDowngrades && isDowngrade(host, pins)) {
      downgradeStarted.countDown();
      awaitRelease(); // outside the lock: other nodes go on
    }
    return install(host, pins);
  }

  /** Lets every held downgrade finish (and any later one run straight through). */
  public void releaseDowngrades() {
    downgradeGate.countDown();
  }

  private void awaitRelease() {
    try {
      // Bounded (below the host steps' 30 s heartbeat timeout) so a test that fails before
      // releasing
      // cannot park an activity thread for ever.
      if (!downgradeGate.await(20, TimeUnit.SECONDS)) {
        throw ApplicationFailure.newNonRetryableFailure(
            "the test never released the held downgrade", "TestNeverReleased");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private synchronized boolean isDowngrade(HostTarget host, List<PackagePin> pins) {
    Node n = nodes.get(host.node());
    return pins.stream()
        .anyMatch(
            p -> n.packages.get(p.name()) != null && newer(n.packages.get(p.name()), p.version()));
  }

  private synchronized PackageChange install(HostTarget host, List<PackagePin> pins) {
    Node n = nodes.get(host.node());
    String text = String.join(",", pins.stream().map(PackagePin::toString).toList());
    boolean down = pins.stream()
        .anyMatch(
            p -> n.packages.get(p.name()) != null && newer(n.packages.get(p.name()), p.version()));
    mutating("installPackages:" + host.node() + ":" + text + (down ? " (downgrade)" : ""));
    boolean kubeadmUp = pins.stream()
        .anyMatch(p -> p.name().equals("kubeadm") && newer(p.version(), n.packages.get("kubeadm")));
    boolean kubeletUp = pins.stream()
        .anyMatch(p -> p.name().equals("kubelet") && newer(p.version(), n.packages.get("kubelet")));
    if (kubeadmUp) maybeFail(host.node(), NodeStep.KUBEADM_PACKAGE);
    if (kubeletUp) maybeFail(host.node(), NodeStep.KUBELET_PACKAGES);
    List<PackagePin> previous = pins.stream()
        .map(p -> new PackagePin(p.name(), n.packages.get(p.name())))
        .toList();
    pins.forEach(p -> n.packages.put(p.name(), p.version()));
    return new PackageChange(previous, pins, false);
  }

  private static boolean newer(String a, String b) {
    return KubeVersion.parse("v" + a.replace(PKG_SUFFIX, ""))
            .compareTo(KubeVersion.parse("v" + b.replace(PKG_SUFFIX, "")))
        > 0;
  }

  /** True if a package on {@code node} was ever installed at a lower version than it had (a downgrade). */
  public synchronized boolean downgraded(String node) {
    return calls.stream()
        .anyMatch(c -> c.startsWith("installPackages:" + node + ":") && c.contains("(downgrade)"));
  }

  @Override
  public synchronized KubeadmUpgradePlan kubeadmUpgradePlan(HostTarget host) {
    record("kubeadmUpgradePlan:" + host.node());
    return new KubeadmUpgradePlan(List.of());
  }

  @Override
  public synchronized StepOutcome kubeadmUpgradeApply(
      HostTarget host, KubeVersion target, Boolean certificateRenewal) {
    mutating("kubeadmUpgradeApply:" + host.node());
    maybeFail(host.node(), NodeStep.KUBEADM_UPGRADE);
    Runnable also = onKubeadmUpgrade.remove(host.node());
    if (also != null) also.run();
    for (Node n : nodes.values()) {
      if (n.name.equals(host.node())) n.staticPods = target.toString();
    }
    return StepOutcome.done(
        "[upgrade/successful] SUCCESS! Your cluster was upgraded to \"" + target + "\". Enjoy!");
  }

  @Override
  public synchronized StepOutcome kubeadmUpgradeNode(
      HostTarget host, KubeVersion target, Boolean certificateRenewal) {
    mutating("kubeadmUpgradeNode:" + host.node());
    maybeFail(host.node(), NodeStep.KUBEADM_UPGRADE);
    Runnable also = onKubeadmUpgrade.remove(host.node());
    if (also != null) also.run();
    Node n = nodes.get(host.node());
    if (n.controlPlane) n.staticPods = target.toString();
    return StepOutcome.done("[upgrade] The configuration for this node was successfully updated!");
  }

  @Override
  public synchronized StepOutcome restartKubelet(HostTarget host) {
    mutating("restartKubelet:" + host.node());
    maybeFail(host.node(), NodeStep.KUBELET_RESTART);
    Node n = nodes.get(host.node());
    n.kubelet = "v" + n.packages.get("kubelet").replace(PKG_SUFFIX, "");
    return StepOutcome.done("kubelet active");
  }

  @Override
  public synchronized EtcdSnapshot etcdSnapshot(HostTarget host, String snapshotPath) {
    mutating("etcdSnapshot:" + host.node());
    return new EtcdSnapshot(host.node(), snapshotPath, 0x1234abcdL, 4242, 1000, 4_096_000);
  }

  @Override
  public synchronized List<dev.bosun.workflows.activities.EtcdMember> etcdMembers(HostTarget host) {
    record("etcdMembers:" + host.node());
    maybeFail(host.node(), NodeStep.ETCD_QUORUM);
    if (etcdToolsMissing) { // as the real activity: nothing to read the members with
      throw ApplicationFailure.newNonRetryableFailure(
          host.node() + ": etcdctl is not installed", "CommandFailed");
    }
    List<dev.bosun.workflows.activities.EtcdMember> members = new ArrayList<>();
    int id = 1;
    for (Node n : nodes.values()) {
      if (n.controlPlane) {
        boolean down = etcdMembersDown.contains(n.name);
        members.add(new dev.bosun.workflows.activities.EtcdMember(
            n.name,
            Integer.toHexString(0x8e9e05c5 + id++),
            List.of("https://" + n.name + ":2379"),
            false,
            !down,
            down ? "context deadline exceeded" : null));
      }
    }
    return members;
  }

  @Override
  public synchronized List<CertificateExpiry> checkCertificates(HostTarget host) {
    record("checkCertificates:" + host.node());
    return certificates.stream().filter(c -> c.node().equals(host.node())).toList();
  }

  @Override
  public synchronized List<String> missingEtcdTools(HostTarget host) {
    record("missingEtcdTools:" + host.node());
    return etcdToolsMissing ? List.of("etcdctl", "etcdutl") : List.of();
  }

  @Override
  public synchronized StepOutcome renewCertificates(HostTarget host) {
    mutating("renewCertificates:" + host.node());
    return StepOutcome.done("certificates renewed");
  }

  @Override
  public synchronized StepOutcome moveStaticPodManifests(HostTarget host, boolean out) {
    mutating((out ? "pauseStaticPods:" : "resumeStaticPods:") + host.node());
    return StepOutcome.done("moved");
  }

  @Override
  public synchronized dev.bosun.workflows.activities.NodeConfigFingerprint fingerprintConfig(
      HostTarget host) {
    record("fingerprintConfig:" + host.node());
    Map<String, Map<String, String>> files = new java.util.TreeMap<>();
    configs.getOrDefault(host.node(), Map.of()).forEach((f, kv) -> files.put(f, Map.copyOf(kv)));
    return new dev.bosun.workflows.activities.NodeConfigFingerprint(host.node(), files);
  }

  /** Per node, the files as backed up (restoreConfig puts them back into {@link #configs}). */
  private final Map<String, Map<String, Map<String, String>>> backups = new HashMap<>();

  @Override
  public synchronized StepOutcome backupConfig(HostTarget host, List<String> files) {
    mutating("backupConfig:" + host.node());
    Map<String, Map<String, String>> copy = new HashMap<>();
    configs.getOrDefault(host.node(), Map.of()).forEach((f, kv) -> copy.put(f, new HashMap<>(kv)));
    backups.put(host.node(), copy);
    return StepOutcome.done("kept");
  }

  @Override
  public synchronized StepOutcome restoreConfig(HostTarget host, List<String> files) {
    mutating("restoreConfig:" + host.node() + ":" + String.join(",", files));
    for (String f : files) {
      configs.get(host.node()).put(f, new HashMap<>(backups.get(host.node()).get(f)));
    }
    return StepOutcome.done("restored");
  }
}
