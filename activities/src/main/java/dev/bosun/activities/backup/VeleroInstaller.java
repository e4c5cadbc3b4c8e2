package dev.bosun.activities.backup;

import dev.bosun.activities.Failures;
import dev.bosun.activities.Heartbeat;
import dev.bosun.activities.ssh.CommandResult;
import dev.bosun.activities.ssh.SshPool;
import dev.bosun.workflows.activities.VeleroInstall;
import dev.bosun.workflows.model.HostTarget;
import dev.bosun.workflows.rules.DrillRules;
import dev.bosun.workflows.rules.TargetRules;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * {@code velero install} on the scratch cluster's first control plane ({@link DrillCommands}). The credentials file
 * is read on the worker and streamed as the SSH channel's input into a {@code mktemp} file (0600) on the node, used
 * by the one install, and removed in a finally: its bytes never enter a command line, a log, an error or a payload.
 */
final class VeleroInstaller {

  /** {@code --wait} returns once Velero's Deployment is Available: image pulls on a fresh VM take a while. */
  static final Duration INSTALL_TIMEOUT = Duration.ofMinutes(15);

  private final SshPool ssh;

  VeleroInstaller(SshPool ssh) {
    this.ssh = ssh;
  }

  void install(HostTarget host, VeleroInstall install) {
    Failures.validInput(() -> TargetRules.requireHost(host));
    List<String> problems = DrillRules.problems(install);
    if (!problems.isEmpty()) {
      throw Failures.nonRetryable(Failures.INVALID_INPUT, String.join("; ", problems));
    }
    Path credentials = Path.of(LocalPaths.expand(install.credentialsFile()));
    if (!Files.isRegularFile(credentials) || !Files.isReadable(credentials)) {
      throw Failures.nonRetryable(
          Failures.INVALID_INPUT,
          "drill.velero.credentialsFile " + install.credentialsFile()
              + " is not a readable file on the worker");
    }
    String temp =
        require(host, DrillCommands.credentialsTempFile(), "mktemp").stdout().strip();
    if (!DrillCommands.TEMP_FILE.matcher(temp).matches()) {
      throw Failures.nonRetryable(
          Failures.UNPARSEABLE_OUTPUT, host.node() + ": mktemp printed no temp file path");
    }
    try {
      CommandResult w = ssh.runWithInput(host, DrillCommands.writeCredentials(temp), credentials);
      check(host, w, "writing the credentials into " + temp);
      CommandResult r = ssh.run(
          host, DrillCommands.veleroInstall(install, temp), INSTALL_TIMEOUT, Heartbeat.current());
      check(host, r, "velero install");
    } finally {
      ssh.run(host, DrillCommands.removeCredentials(temp)); // also after a failed install
    }
  }

  private CommandResult require(HostTarget host, String command, String what) {
    return check(host, ssh.run(host, command), what);
  }

  private static CommandResult check(HostTarget host, CommandResult r, String what) {
    if (!r.succeeded()) {
      throw Failures.retryable(
          Failures.COMMAND_FAILED,
          host.node() + ": " + what + " exited " + r.exitCode() + ": "
              + Failures.lastLines(r.stderr(), 3));
    }
    return r;
  }
}
