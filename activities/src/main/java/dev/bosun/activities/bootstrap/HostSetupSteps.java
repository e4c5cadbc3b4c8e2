package dev.bosun.activities.bootstrap;

import static dev.bosun.activities.bootstrap.BootstrapCommands.*;

import dev.bosun.activities.Failures;
import dev.bosun.activities.node.NodeActivitiesImpl;
import dev.bosun.activities.node.NodeCommands;
import dev.bosun.activities.node.NodeOutput;
import dev.bosun.activities.ssh.CommandResult;
import dev.bosun.activities.ssh.SshPool;
import dev.bosun.workflows.activities.PackagePin;
import dev.bosun.workflows.model.HostTarget;
import dev.bosun.workflows.model.KubeVersion;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The machine-level half of bootstrapping: container runtime and Kubernetes packages. Each part checks the host
 * first and runs only what is missing, so a retry after a crash redoes only the unfinished part.
 */
final class HostSetupSteps {

  private final SshPool ssh;
  private final NodeActivitiesImpl node;

  HostSetupSteps(SshPool ssh, NodeActivitiesImpl node) {
    this.ssh = ssh;
    this.node = node;
  }

  /** What was done (empty: everything was in place). */
  List<String> containerRuntime(HostTarget host) {
    List<String> done = new ArrayList<>();
    if (!ssh.run(host, CONTAINERD_INSTALLED).stdout().contains("install ok installed")) {
      require(host, INSTALL_CONTAINERD, true);
      done.add("containerd installed");
    }
    CommandResult config = ssh.run(host, CONTAINERD_CONFIG);
    boolean configChanged = false;
    if (!config.succeeded() || !config.stdout().contains("SystemdCgroup = true")) {
      require(host, WRITE_CONTAINERD_CONFIG, true);
      if (!require(host, CONTAINERD_CONFIG, true).stdout().contains("SystemdCgroup = true")) {
        throw Failures.nonRetryable(
            Failures.COMMAND_FAILED,
            host.node() + ": " + CONTAINERD_CONFIG_PATH
                + " still has no `SystemdCgroup = true` after rewriting it from `containerd config default`");
      }
      configChanged = true;
      done.add(CONTAINERD_CONFIG_PATH + " with SystemdCgroup = true");
    }
    if (ensureFile(host, MODULES_FILE, MODULES_FILE_CONTENT)) {
      done.add(MODULES_FILE);
    }
    if (!BootstrapOutput.modules(require(host, LOADED_MODULES, true).stdout())
        .containsAll(MODULES)) {
      require(host, LOAD_MODULES, true);
      done.add("modules " + String.join(", ", MODULES) + " loaded");
    }
    boolean sysctlFile = ensureFile(host, SYSCTL_FILE, SYSCTL_FILE_CONTENT);
    if (sysctlFile) {
      done.add(SYSCTL_FILE);
    }
    if (sysctlFile || !sysctlsSet(host)) {
      require(host, APPLY_SYSCTLS, true);
      if (!sysctlsSet(host)) {
        throw Failures.nonRetryable(
            Failures.COMMAND_FAILED,
            host.node() + ": after `" + APPLY_SYSCTLS + "` " + SYSCTLS.keySet() + " are not all 1: "
                + ssh.run(host, SYSCTL_VALUES).stdout().trim().replace('\n', ' '));
      }
      done.add("sysctls applied");
    }
    if (BootstrapOutput.swapActive(require(host, SWAPS, true).stdout())
        || BootstrapOutput.fstabHasSwap(require(host, FSTAB, true).stdout())) {
      require(host, SWAP_OFF, true);
      done.add("swap off and commented out of /etc/fstab");
    }
    boolean active = ssh.run(host, CONTAINERD_ACTIVE).stdout().trim().equals("active");
    boolean enabled = ssh.run(host, CONTAINERD_ENABLED).stdout().trim().equals("enabled");
    if (!active || !enabled) {
      require(host, ENABLE_CONTAINERD, true);
      done.add("containerd enabled and started");
    } else if (configChanged) {
      require(host, RESTART_CONTAINERD, true);
      done.add("containerd restarted");
    }
    return done;
  }

  private boolean sysctlsSet(HostTarget host) {
    CommandResult r = ssh.run(host, SYSCTL_VALUES);
    return r.succeeded()
        && r.stdout().lines().map(String::trim).filter(l -> !l.isEmpty()).allMatch("1"::equals)
        && r.stdout().lines().filter(l -> !l.isBlank()).count() == SYSCTLS.size();
  }

  /** Writes {@code content} to {@code path} (mode 644) unless it is already exactly that; returns whether it wrote. */
  private boolean ensureFile(HostTarget host, String path, String content) {
    CommandResult current = ssh.run(host, "cat " + path);
    if (current.succeeded() && current.stdout().equals(content)) {
      return false;
    }
    writeFile(host, path, content, false);
    return true;
  }

  /** Writes a file through stdin; its content never appears in a command line, a log or a failure. */
  void writeFile(HostTarget host, String path, String content, boolean secret) {
    String command = BootstrapCommands.writeFile(path, secret);
    CommandResult r = ssh.runWithInput(host, command, content, ssh.commandTimeout(host));
    if (!r.succeeded()) {
      throw Failures.retryable(
          Failures.COMMAND_FAILED, host.node() + ": `" + command + "` exited " + r.exitCode());
    }
  }

  List<String> kubernetesPackages(HostTarget host, String base, KubeVersion version, String arch) {
    List<String> done = new ArrayList<>();
    String line = NodeCommands.repositoryLine(base, version, arch);
    if (!ssh.run(host, KEYRING_PRESENT).succeeded()) {
      require(host, fetchKeyring(base, version), true);
      done.add("keyring " + NodeCommands.KEYRING);
    }
    CommandResult current = ssh.run(host, NodeCommands.CONFIGURED_REPOSITORY);
    boolean updated = false;
    if (!current.succeeded() || !NodeOutput.lines(current.stdout()).contains(line)) {
      require(host, NodeCommands.switchRepository(base, version, arch), true);
      updated = true;
      done.add("repository " + version.minorLabel() + " for " + arch);
    }
    String packageVersion;
    try {
      packageVersion = node.resolvePackageVersion(host, "kubeadm", version);
    } catch (ApplicationFailure notFound) {
      if (updated || !Failures.PACKAGE_NOT_FOUND.equals(notFound.getType())) {
        throw notFound;
      }
      // The line was written by an attempt that died before its apt-get update: fetch the index
      // once.
      require(host, "sudo -n apt-get update -q", true);
      packageVersion = node.resolvePackageVersion(host, "kubeadm", version);
    }
    String pv = packageVersion;
    List<PackagePin> pins = PACKAGES.stream().map(p -> new PackagePin(p, pv)).toList();
    if (!node.installPackages(host, pins).alreadyDone()) {
      done.add(String.join("/", PACKAGES) + " " + pv + " installed and held");
    }
    if (!ssh.run(host, KUBELET_ENABLED).stdout().trim().equals("enabled")) {
      require(host, ENABLE_KUBELET, true);
      done.add("kubelet enabled");
    }
    return done;
  }

  /** Runs {@code command}; a non-zero exit fails with the host, the command and the output's last lines (scrubbed). */
  CommandResult require(HostTarget host, String command, boolean retryable) {
    CommandResult r = ssh.run(host, command);
    if (!r.succeeded()) {
      String message = host.node() + ": `" + command + "` exited " + r.exitCode() + ": "
          + BootstrapOutput.scrub(
              Failures.lastLines(r.stderr().isBlank() ? r.stdout() : r.stderr(), 5));
      throw retryable
          ? Failures.retryable(Failures.COMMAND_FAILED, message)
          : Failures.nonRetryable(Failures.COMMAND_FAILED, message);
    }
    return r;
  }

  static Duration kubeadmTimeout() {
    return Duration.ofMinutes(10);
  }
}
