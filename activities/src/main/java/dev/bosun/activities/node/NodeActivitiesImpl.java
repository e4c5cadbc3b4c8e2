package dev.bosun.activities.node;

import dev.bosun.activities.Failures;
import dev.bosun.activities.bootstrap.BootstrapOutput;
import dev.bosun.activities.ssh.CommandResult;
import dev.bosun.activities.ssh.SshPool;
import dev.bosun.workflows.activities.CertificateExpiry;
import dev.bosun.workflows.activities.EtcdMember;
import dev.bosun.workflows.activities.EtcdSnapshot;
import dev.bosun.workflows.activities.HostFacts;
import dev.bosun.workflows.activities.KubeadmUpgradePlan;
import dev.bosun.workflows.activities.NodeActivities;
import dev.bosun.workflows.activities.NodeConfigFingerprint;
import dev.bosun.workflows.activities.PackageChange;
import dev.bosun.workflows.activities.PackagePin;
import dev.bosun.workflows.activities.StepOutcome;
import dev.bosun.workflows.model.HostTarget;
import dev.bosun.workflows.model.KubeVersion;
import dev.bosun.workflows.model.KubernetesSpec;
import io.temporal.failure.ApplicationFailure;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@link NodeActivities} over SSH. Every mutating method checks the host first and skips what is done. */
public final class NodeActivitiesImpl implements NodeActivities {

  private static final Logger log = LoggerFactory.getLogger(NodeActivitiesImpl.class);

  private final SshPool ssh;

  public NodeActivitiesImpl(SshPool ssh) {
    this.ssh = ssh;
  }

  @Override
  public HostFacts readHostFacts(HostTarget host) {
    String packageManager =
        NodeOutput.packageManager(require(host, NodeCommands.OS_RELEASE, true).stdout());
    CommandResult kubeadm = ssh.run(host, NodeCommands.KUBEADM_VERSION);
    boolean apt = packageManager.equals("apt");
    // dpkg-query exits 1 when one of the packages is missing but still prints the others.
    Map<String, String> packages = apt
        ? NodeOutput.installedPackages(
            ssh.run(host, NodeCommands.INSTALLED_PACKAGES).stdout())
        : Map.of();
    List<String> held =
        apt ? NodeOutput.lines(require(host, NodeCommands.HOLDS, true).stdout()) : List.of();
    CommandResult repo = apt ? ssh.run(host, NodeCommands.CONFIGURED_REPOSITORY) : null;
    return new HostFacts(
        host.node(),
        require(host, NodeCommands.HOSTNAME, true).stdout().trim(),
        require(host, NodeCommands.ARCHITECTURE, true).stdout().trim(),
        packageManager,
        kubeadm.succeeded() ? kubeadm.stdout().trim() : null,
        packages,
        held,
        repo != null && repo.succeeded() ? NodeOutput.repositoryMinor(repo.stdout()) : null,
        ssh.run(host, NodeCommands.KUBELET_ACTIVE).stdout().trim().equals("active"));
  }

  @Override
  public StepOutcome setPackageRepository(
      HostTarget host, String repositoryBaseUrl, KubeVersion target) {
    String base = KubernetesSpec.packageRepositoryOrDefault(repositoryBaseUrl);
    String line = validated(() -> NodeCommands.repositoryLine(base, target));
    requireApt(host);
    CommandResult current = ssh.run(host, NodeCommands.CONFIGURED_REPOSITORY);
    if (current.succeeded() && NodeOutput.lines(current.stdout()).contains(line)) {
      return StepOutcome.skipped("repository already " + target.minorLabel());
    }
    // apt-get update failing is usually the network or the mirror: a retry may help.
    CommandResult r = require(host, NodeCommands.switchRepository(base, target), true);
    return StepOutcome.done("repository switched to " + target.minorLabel() + ": " + r.lastLine());
  }

  @Override
  public String resolvePackageVersion(HostTarget host, String packageName, KubeVersion target) {
    String command = validated(() -> NodeCommands.availableVersions(packageName));
    requireApt(host);
    List<String> versions =
        NodeOutput.madisonVersions(require(host, command, true).stdout());
    return NodeOutput.packageVersionOf(versions, target).orElseThrow(() -> {
      CommandResult repo = ssh.run(host, NodeCommands.CONFIGURED_REPOSITORY);
      String minor = repo.succeeded() ? NodeOutput.repositoryMinor(repo.stdout()) : null;
      return Failures.nonRetryable(
          Failures.PACKAGE_NOT_FOUND,
          host.node() + ": " + packageName + " " + target.bare()
              + " is not in the configured repository ("
              + (minor == null ? "none configured" : "pkgs.k8s.io " + minor)
              + (minor != null && !minor.equals(target.minorLabel())
                  ? "; switch it to " + target.minorLabel() + " first"
                  : "")
              + "); available: "
              + (versions.isEmpty()
                  ? "none"
                  : String.join(", ", versions.subList(0, Math.min(8, versions.size())))));
    });
  }

  @Override
  public String lookUpPackageVersion(
      HostTarget host, String repositoryBaseUrl, String packageName, KubeVersion target) {
    IndexVersions index = readIndex(host, repositoryBaseUrl, packageName, target);
    return NodeOutput.packageVersionOf(index.versions(), target)
        .orElseThrow(() -> index.notFound(packageName + " " + target.bare()));
  }

  @Override
  public String latestPackageVersion(
      HostTarget host, String repositoryBaseUrl, String packageName, KubeVersion minor) {
    IndexVersions index = readIndex(host, repositoryBaseUrl, packageName, minor);
    String prefix = minor.major() + "." + minor.minor() + ".";
    return index.versions().stream() // newest first
        .filter(v -> v.startsWith(prefix))
        .findFirst()
        .orElseThrow(() -> index.notFound(packageName + " " + minor.minorLabel() + ".x"));
  }

  /** What the package index of {@code version}'s minor lists of {@code packageName}, newest first. */
  private record IndexVersions(String url, String arch, List<String> versions) {
    ApplicationFailure notFound(String what) {
      return Failures.nonRetryable(
          Failures.PACKAGE_NOT_FOUND,
          what + " (" + arch + ") is not in the package index " + url + "; it lists: "
              + (versions.isEmpty()
                  ? "none"
                  : String.join(", ", versions.subList(0, Math.min(8, versions.size())))));
    }
  }

  /** Reads the index on the host (curl as the SSH user, nothing written): the plan's and the chain's one way. */
  private IndexVersions readIndex(
      HostTarget host, String repositoryBaseUrl, String packageName, KubeVersion version) {
    String base = KubernetesSpec.packageRepositoryOrDefault(repositoryBaseUrl);
    String command = validated(() -> NodeCommands.readPackageIndex(base, version));
    validated(() -> NodeCommands.availableVersions(packageName)); // the package name's rule
    requireApt(host);
    String arch = BootstrapOutput.architecture(
        require(host, NodeCommands.ARCHITECTURE, true).stdout());
    if (!arch.equals("amd64") && !arch.equals("arm64")) {
      // not a "missing package": the plan only warns, and the upgrade's preflight asks apt itself
      throw Failures.nonRetryable(
          Failures.COMMAND_FAILED,
          host.node() + ": architecture '" + arch
              + "' is not amd64 or arm64, the index is not read for it");
    }
    String url = NodeCommands.packageIndexUrl(base, version);
    CommandResult index = ssh.run(host, command);
    if (!index.succeeded() || !PackageIndex.looksLikeIndex(index.stdout())) {
      // A plan reports this and goes on: a retry would only make it slower.
      throw Failures.nonRetryable(
          Failures.COMMAND_FAILED,
          host.node() + ": could not read the package index " + url + " ("
              + (index.succeeded()
                  ? "no Package stanza in what it returned"
                  : "curl exited " + index.exitCode() + ": "
                      + Failures.lastLines(index.stderr(), 2))
              + ")");
    }
    return new IndexVersions(url, arch, PackageIndex.versions(index.stdout(), packageName, arch));
  }

  @Override
  public PackageChange installPackages(HostTarget host, List<PackagePin> pins) {
    validated(() -> NodeCommands.installPackages(pins));
    requireApt(host);
    Map<String, String> before = NodeOutput.installedPackages(
        ssh.run(host, NodeCommands.INSTALLED_PACKAGES).stdout());
    List<PackagePin> previous = new ArrayList<>();
    List<PackagePin> toInstall = new ArrayList<>();
    for (PackagePin pin : pins) {
      String installed = before.get(pin.name());
      if (installed != null) {
        previous.add(new PackagePin(pin.name(), installed));
      }
      if (!pin.version().equals(installed)) {
        toInstall.add(pin);
      }
    }
    if (toInstall.isEmpty()) {
      // An earlier attempt may have died between the install and its `apt-mark hold`: re-apply
      // missing holds.
      List<String> held =
          NodeOutput.lines(require(host, NodeCommands.HOLDS, true).stdout()).stream()
              .map(String::trim)
              .toList();
      List<PackagePin> unheld =
          pins.stream().filter(p -> !held.contains(p.name())).toList();
      if (!unheld.isEmpty()) {
        require(host, NodeCommands.hold(unheld), true);
      }
      return new PackageChange(List.copyOf(previous), List.copyOf(pins), true);
    }
    CommandResult install = ssh.run(host, NodeCommands.installPackages(toInstall));
    if (!install.succeeded()) {
      // The line lifts the holds before installing: put them back so a failed install never leaves
      // them lifted.
      ssh.run(host, NodeCommands.hold(toInstall));
      throw Failures.nonRetryable(
          Failures.COMMAND_FAILED,
          host.node() + ": `" + NodeCommands.installPackages(toInstall) + "` exited "
              + install.exitCode() + " (holds restored): "
              + Failures.lastLines(
                  install.stderr().isBlank() ? install.stdout() : install.stderr(), 5));
    }
    Map<String, String> after = NodeOutput.installedPackages(
        ssh.run(host, NodeCommands.INSTALLED_PACKAGES).stdout());
    for (PackagePin pin : pins) {
      if (!pin.version().equals(after.get(pin.name()))) {
        throw Failures.nonRetryable(
            Failures.COMMAND_FAILED,
            host.node() + ": apt-get reported success but " + pin.name() + " is at "
                + after.get(pin.name()) + ", not " + pin.version());
      }
    }
    log.info("{}: installed {}", host.node(), toInstall);
    return new PackageChange(List.copyOf(previous), List.copyOf(pins), false);
  }

  @Override
  public KubeadmUpgradePlan kubeadmUpgradePlan(HostTarget host) {
    CommandResult r = require(host, NodeCommands.UPGRADE_PLAN, true);
    try {
      return NodeOutput.upgradePlan(r.stdout());
    } catch (IllegalArgumentException e) {
      throw Failures.nonRetryable(
          Failures.UNPARSEABLE_OUTPUT,
          host.node() + ": `" + NodeCommands.UPGRADE_PLAN + "`: " + e.getMessage());
    }
  }

  @Override
  public StepOutcome kubeadmUpgradeApply(
      HostTarget host, KubeVersion target, Boolean certificateRenewal) {
    String command = validated(
        () -> NodeCommands.upgradeApply(target, !Boolean.FALSE.equals(certificateRenewal)));
    String current = apiServerTag(host);
    if (current == null) {
      throw Failures.nonRetryable(
          Failures.COMMAND_FAILED,
          host.node() + ": no kube-apiserver static pod manifest; "
              + "kubeadm upgrade apply runs on the first control plane only");
    }
    // The apiserver alone is not enough: an apply interrupted after rewriting it leaves the other
    // static
    // pods behind. kubeadm accepts re-applying the same version, so anything short of all three
    // re-runs.
    List<String> behind = componentsNotAt(host, target);
    if (behind.isEmpty()) {
      return StepOutcome.skipped("control plane already at " + target);
    }
    if (KubeVersion.isValid(current) && !current.equals(target.toString())) {
      KubeVersion from = KubeVersion.parse(current);
      if (from.compareTo(target) > 0 || from.minorsTo(target) > 1) {
        throw Failures.nonRetryable(
            Failures.VERSION_SKEW,
            host.node() + ": cannot upgrade the control plane from " + from + " to " + target
                + ": kubeadm upgrades one minor at a time, never down");
      }
    }
    requireKubeadmAt(host, target);
    CommandResult r = require(host, command, false);
    if (!r.stdout().contains("SUCCESS!")) {
      throw Failures.nonRetryable(
          Failures.COMMAND_FAILED,
          host.node() + ": `" + command + "` exited 0 without reporting SUCCESS!: "
              + Failures.lastLines(r.stdout(), 3));
    }
    return StepOutcome.done(r.lastLine());
  }

  @Override
  public StepOutcome kubeadmUpgradeNode(
      HostTarget host, KubeVersion target, Boolean certificateRenewal) {
    String current = apiServerTag(host);
    if (current != null) {
      if (current.equals(target.toString())) {
        return StepOutcome.skipped("control plane static pods already at " + target);
      }
    } else {
      // A worker: kubeadm's order installs the new kubelet only after "upgrade node", so a kubelet
      // at target means done.
      CommandResult kubelet = ssh.run(host, NodeCommands.KUBELET_VERSION);
      if (kubelet.succeeded() && kubelet.stdout().trim().equals("Kubernetes " + target)) {
        return StepOutcome.skipped("kubelet already at " + target);
      }
    }
    requireKubeadmAt(host, target);
    CommandResult r =
        require(host, NodeCommands.upgradeNode(!Boolean.FALSE.equals(certificateRenewal)), false);
    return StepOutcome.done(r.lastLine());
  }

  @Override
  public StepOutcome restartKubelet(HostTarget host) {
    // Restarting is harmless to repeat, and Bosun cannot tell from the host whether the running
    // kubelet is the new binary.
    require(host, NodeCommands.RESTART_KUBELET, true);
    CommandResult active = ssh.run(host, NodeCommands.KUBELET_ACTIVE);
    if (!active.stdout().trim().equals("active")) {
      throw Failures.retryable(
          Failures.COMMAND_FAILED,
          host.node() + ": kubelet is " + active.stdout().trim() + " after restart");
    }
    return StepOutcome.done("kubelet restarted and active");
  }

  @Override
  public NodeConfigFingerprint fingerprintConfig(HostTarget host) {
    Map<String, Map<String, String>> files = new LinkedHashMap<>();
    for (String path : NodeConfigs.FILES) {
      CommandResult r = ssh.run(host, NodeCommands.readConfig(path));
      if (!r.succeeded()) {
        if (r.stderr().contains("No such file or directory")) {
          continue; // not on this node (a worker's manifests, external etcd)
        }
        throw Failures.retryable(
            Failures.COMMAND_FAILED,
            host.node() + ": `" + NodeCommands.readConfig(path) + "` exited " + r.exitCode() + ": "
                + Failures.lastLines(r.stderr(), 3));
      }
      try {
        files.put(path, NodeConfigs.settings(path, r.stdout()));
      } catch (IllegalArgumentException e) {
        throw Failures.nonRetryable(
            Failures.UNPARSEABLE_OUTPUT, host.node() + ": " + e.getMessage());
      }
    }
    return new NodeConfigFingerprint(host.node(), files);
  }

  @Override
  public StepOutcome backupConfig(HostTarget host, List<String> files) {
    List<String> commands =
        validated(() -> files.stream().map(NodeCommands::backupConfig).toList());
    commands.forEach(c -> require(host, c, true));
    return StepOutcome.done(
        "kept a copy of " + files.size() + " file(s) in " + NodeCommands.CONFIG_BACKUP_DIR);
  }

  @Override
  public StepOutcome restoreConfig(HostTarget host, List<String> files) {
    List<String> commands =
        validated(() -> files.stream().map(NodeCommands::restoreConfig).toList());
    commands.forEach(c -> require(host, c, true));
    return StepOutcome.done("restored " + String.join(", ", files));
  }

  @Override
  public StepOutcome renewCertificates(HostTarget host) {
    CommandResult r = require(host, NodeCommands.RENEW_CERTIFICATES, true);
    if (!r.stdout().contains("Done renewing certificates")) {
      throw Failures.nonRetryable(
          Failures.COMMAND_FAILED,
          host.node() + ": `" + NodeCommands.RENEW_CERTIFICATES
              + "` exited 0 without 'Done renewing certificates': "
              + Failures.lastLines(r.stdout(), 3));
    }
    return StepOutcome.done("certificates renewed");
  }

  @Override
  public StepOutcome moveStaticPodManifests(HostTarget host, boolean out) {
    String from = out ? NodeCommands.MANIFESTS_DIR : NodeCommands.PAUSED_MANIFESTS_DIR;
    List<String> moved = new ArrayList<>();
    for (String pod : NodeCommands.STATIC_PODS) {
      if (ssh.run(host, NodeCommands.manifestPresent(from, pod)).exitCode() == 0) {
        require(host, NodeCommands.moveManifest(pod, out), true);
        moved.add(pod);
      }
    }
    String where = out ? "out of " + NodeCommands.MANIFESTS_DIR : "back";
    return moved.isEmpty()
        ? StepOutcome.skipped("no static pod manifest left to move " + where)
        : StepOutcome.done("moved " + String.join(", ", moved) + " " + where);
  }

  @Override
  public List<String> missingEtcdTools(HostTarget host) {
    List<String> missing = new ArrayList<>();
    if (ssh.run(host, NodeCommands.ETCDCTL_VERSION).exitCode() == 127) {
      missing.add("etcdctl");
    }
    if (ssh.run(host, NodeCommands.ETCDUTL_VERSION).exitCode() == 127) {
      missing.add("etcdutl");
    }
    return missing;
  }

  @Override
  public EtcdSnapshot etcdSnapshot(HostTarget host, String snapshotPath) {
    String status = validated(() -> NodeCommands.etcdSnapshotStatus(snapshotPath));
    CommandResult existing = ssh.run(host, status);
    if (existing.succeeded()) {
      // Saved by an earlier attempt and intact: saving again would only overwrite it with a later
      // revision.
      return parseSnapshot(host, snapshotPath, existing);
    }
    require(host, NodeCommands.etcdSnapshotSave(snapshotPath), true);
    return parseSnapshot(host, snapshotPath, require(host, status, false));
  }

  private EtcdSnapshot parseSnapshot(HostTarget host, String path, CommandResult r) {
    try {
      return NodeOutput.etcdSnapshotStatus(host.node(), path, r.stdout());
    } catch (IllegalArgumentException e) {
      throw Failures.nonRetryable(Failures.UNPARSEABLE_OUTPUT, host.node() + ": " + e.getMessage());
    }
  }

  @Override
  public List<EtcdMember> etcdMembers(HostTarget host) {
    CommandResult list = ssh.run(host, NodeCommands.ETCD_MEMBER_LIST);
    if (list.exitCode() == 127) {
      throw Failures.nonRetryable(
          Failures.COMMAND_FAILED,
          host.node()
              + ": etcdctl is not installed, so the etcd quorum guard cannot read the members:"
              + " install etcdctl (the etcd-client package or a matching etcd release), then retry");
    }
    if (!list.succeeded()) {
      throw commandFailed(host, NodeCommands.ETCD_MEMBER_LIST, list, true);
    }
    // exit 1 with the JSON on stdout when a member is unhealthy ("Error: unhealthy cluster" on
    // stderr)
    CommandResult health = ssh.run(host, NodeCommands.ETCD_ENDPOINT_HEALTH);
    try {
      return NodeOutput.etcdMembers(
          NodeOutput.etcdMemberList(list.stdout()), NodeOutput.etcdEndpointHealth(health.stdout()));
    } catch (IllegalArgumentException e) {
      if (!health.succeeded() && health.stdout().isBlank()) {
        throw commandFailed(host, NodeCommands.ETCD_ENDPOINT_HEALTH, health, true);
      }
      throw Failures.nonRetryable(Failures.UNPARSEABLE_OUTPUT, host.node() + ": " + e.getMessage());
    }
  }

  @Override
  public List<CertificateExpiry> checkCertificates(HostTarget host) {
    CommandResult r = require(host, NodeCommands.CERTIFICATES, true);
    try {
      return NodeOutput.certificates(host.node(), r.stdout());
    } catch (IllegalArgumentException e) {
      throw Failures.nonRetryable(Failures.UNPARSEABLE_OUTPUT, host.node() + ": " + e.getMessage());
    }
  }

  /** The kube-apiserver image tag on this host, or null when it has no such manifest (a worker). */
  /** The control plane components whose static pod manifest is missing or not at {@code target}. */
  private List<String> componentsNotAt(HostTarget host, KubeVersion target) {
    List<String> behind = new ArrayList<>();
    for (String component : NodeCommands.CONTROL_PLANE_COMPONENTS) {
      CommandResult manifest = ssh.run(host, NodeCommands.staticPodManifest(component));
      String tag = manifest.succeeded() ? NodeOutput.imageTag(manifest.stdout(), component) : null;
      if (!target.toString().equals(tag)) {
        behind.add(component + "=" + tag);
      }
    }
    return behind;
  }

  private String apiServerTag(HostTarget host) {
    CommandResult manifest = ssh.run(host, NodeCommands.APISERVER_MANIFEST);
    return manifest.succeeded() ? NodeOutput.apiServerImageTag(manifest.stdout()) : null;
  }

  private void requireKubeadmAt(HostTarget host, KubeVersion target) {
    String kubeadm = ssh.run(host, NodeCommands.KUBEADM_VERSION).stdout().trim();
    if (!kubeadm.equals(target.toString())) {
      throw Failures.nonRetryable(
          Failures.VERSION_SKEW,
          host.node() + ": kubeadm is " + (kubeadm.isEmpty() ? "missing" : kubeadm) + ", not "
              + target + ": install kubeadm " + target.bare() + " first");
    }
  }

  private void requireApt(HostTarget host) {
    String pm =
        NodeOutput.packageManager(require(host, NodeCommands.OS_RELEASE, true).stdout());
    if (!pm.equals("apt")) {
      throw Failures.nonRetryable(
          Failures.UNSUPPORTED_PACKAGE_MANAGER,
          host.node() + ": package manager " + pm
              + " is not supported yet (only apt, on Debian and Ubuntu)");
    }
  }

  /** Runs {@code command}; a non-zero exit fails with the host, the command and stderr's last lines. */
  private CommandResult require(HostTarget host, String command, boolean retryable) {
    CommandResult r = ssh.run(host, command);
    if (!r.succeeded()) {
      throw commandFailed(host, command, r, retryable);
    }
    return r;
  }

  private static RuntimeException commandFailed(
      HostTarget host, String command, CommandResult r, boolean retryable) {
    String message = host.node() + ": `" + command + "` exited " + r.exitCode() + ": "
        + Failures.lastLines(r.stderr().isBlank() ? r.stdout() : r.stderr(), 5);
    return retryable
        ? Failures.retryable(Failures.COMMAND_FAILED, message)
        : Failures.nonRetryable(Failures.COMMAND_FAILED, message);
  }

  private static <T> T validated(java.util.function.Supplier<T> build) {
    try {
      return build.get();
    } catch (IllegalArgumentException e) {
      throw Failures.nonRetryable(Failures.INVALID_INPUT, e.getMessage());
    }
  }
}
