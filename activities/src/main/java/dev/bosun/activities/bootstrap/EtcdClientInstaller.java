package dev.bosun.activities.bootstrap;

import static dev.bosun.activities.bootstrap.BootstrapCommands.*;

import dev.bosun.activities.Failures;
import dev.bosun.activities.node.NodeCommands;
import dev.bosun.activities.ssh.CommandResult;
import dev.bosun.activities.ssh.SshPool;
import dev.bosun.workflows.activities.StepOutcome;
import dev.bosun.workflows.model.HostTarget;
import dev.bosun.workflows.rules.UrlRule;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * etcdctl and etcdutl on a control plane at the version of the etcd it runs. Check-then-act: nothing is fetched when
 * both answer with that version. The download lands in a private temp directory (mktemp -d, as the SSH user), is
 * compared with the release's SHA256SUMS before anything is unpacked, and the directory is removed whatever happens;
 * only the install into /usr/local/bin runs as root.
 */
final class EtcdClientInstaller {

  private static final Logger log = LoggerFactory.getLogger(EtcdClientInstaller.class);

  private final SshPool ssh;
  private final HostSetupSteps steps;

  EtcdClientInstaller(SshPool ssh, HostSetupSteps steps) {
    this.ssh = ssh;
    this.steps = steps;
  }

  StepOutcome install(HostTarget cp, String releases) {
    Failures.validInput(
        () -> UrlRule.require("init.etcdReleases", releases, false)); // before any command
    String version = Failures.parsedOutput(
        cp.node(),
        () -> BootstrapOutput.etcdImageVersion(
            steps.require(cp, ETCD_MANIFEST, true).stdout()));
    if (version.equals(installed(cp, NodeCommands.ETCDCTL_VERSION))
        && version.equals(installed(cp, NodeCommands.ETCDUTL_VERSION))) {
      return StepOutcome.skipped(
          "etcdctl and etcdutl " + version + " already installed (the etcd version it runs)");
    }
    String arch =
        BootstrapOutput.architecture(steps.require(cp, ARCHITECTURE, true).stdout());
    String asset = etcdAsset(version, arch);
    String dir = steps.require(cp, MAKE_DOWNLOAD_DIR, true).stdout().strip();
    Failures.validInput(() -> removeDownloadDir(dir));
    try {
      steps.require(
          cp, download(etcdReleaseUrl(releases, version, asset), dir + "/" + asset), true);
      steps.require(
          cp, download(etcdReleaseUrl(releases, version, "SHA256SUMS"), dir + "/SHA256SUMS"), true);
      String published = Failures.parsedOutput(
          cp.node(),
          () -> BootstrapOutput.publishedSha256(
              steps.require(cp, readFile(dir + "/SHA256SUMS"), true).stdout(), asset));
      String actual = Failures.parsedOutput(
          cp.node(),
          () -> BootstrapOutput.sha256(
              steps.require(cp, sha256(dir + "/" + asset), true).stdout()));
      if (!published.equals(actual)) {
        // digests shortened: 64 hex digits look like a kubeadm certificate key to every scrubber
        throw Failures.retryable(
            Failures.CHECKSUM_MISMATCH,
            cp.node() + ": " + asset + " has SHA-256 " + actual.substring(0, 16)
                + "… but the release's SHA256SUMS says " + published.substring(0, 16)
                + "…: nothing installed (a broken download is fetched again on retry; a mirror"
                + " serving another file must be fixed: init.etcdReleases)");
      }
      steps.require(cp, extractEtcdClient(dir, version, arch), false);
      steps.require(cp, installEtcdClient(dir), true);
    } finally {
      removeQuietly(cp, dir);
    }
    String ctl = installed(cp, NodeCommands.ETCDCTL_VERSION);
    String utl = installed(cp, NodeCommands.ETCDUTL_VERSION);
    if (!version.equals(ctl) || !version.equals(utl)) {
      throw Failures.nonRetryable(
          Failures.COMMAND_FAILED,
          cp.node() + ": installed " + asset + " into " + ETCD_CLIENT_DIR
              + " but `etcdctl version` says " + ctl + " and `etcdutl version` says " + utl
              + " (another etcdctl earlier on the PATH?)");
    }
    log.info("{}: etcdctl and etcdutl {} installed", cp.node(), version);
    return StepOutcome.done("etcdctl and etcdutl " + version + " (" + arch + ") installed in "
        + ETCD_CLIENT_DIR + " from " + asset + ", its SHA-256 matching the release's SHA256SUMS");
  }

  /** The version the tool prints, or null when it is not installed (127) or prints none. */
  private String installed(HostTarget cp, String versionCommand) {
    CommandResult r = ssh.run(cp, versionCommand);
    return r.succeeded() ? BootstrapOutput.etcdClientVersion(r.stdout()) : null;
  }

  private void removeQuietly(HostTarget cp, String dir) {
    try {
      CommandResult r = ssh.run(cp, removeDownloadDir(dir));
      if (!r.succeeded()) {
        log.warn("{}: could not remove {}: {}", cp.node(), dir, Failures.lastLines(r.stderr(), 1));
      }
    } catch (RuntimeException e) {
      log.warn("{}: could not remove {}: {}", cp.node(), dir, e.getMessage());
    }
  }
}
