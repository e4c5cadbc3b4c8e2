package dev.bosun.activities.hypervisor;

import dev.bosun.activities.Failures;
import dev.bosun.workflows.activities.HypervisorErrors;
import io.temporal.failure.ApplicationFailure;
import java.util.regex.Pattern;

/** Names of VMs and the failures about them: every message names the VM and quotes the tool briefly. */
final class VmFailures {

  private static final Pattern NAME = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
  private static final Pattern SNAPSHOT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,62}");
  private static final int QUOTE_MAX = 400;

  private VmFailures() {}

  /** {@code <cluster>-<node>}: both RFC 1123 labels, so the name is safe in every tool's syntax. */
  static String vmName(String cluster, String node) {
    return dev.bosun.workflows.activities.VmRequest.vmName(
        requireLabel("cluster", cluster), requireLabel("node", node));
  }

  static String requireLabel(String what, String value) {
    if (value == null || value.length() > 63 || !NAME.matcher(value).matches()) {
      throw Failures.nonRetryable(
          Failures.INVALID_INPUT,
          what + " must be an RFC 1123 label (a-z, 0-9, -), got '" + value + "'");
    }
    return value;
  }

  static String requireSnapshot(String name) {
    if (name == null || !SNAPSHOT.matcher(name).matches()) {
      throw Failures.nonRetryable(
          Failures.INVALID_INPUT,
          "snapshot name must match [A-Za-z0-9][A-Za-z0-9._-]{0,62}, got '" + name + "'");
    }
    return name;
  }

  static ApplicationFailure toolFailed(String vm, String what, String toolMessage) {
    return Failures.nonRetryable(
        HypervisorErrors.TOOL_FAILED, vm + ": " + what + " failed: " + quote(toolMessage));
  }

  static ApplicationFailure notOurs(String vm, String why) {
    return Failures.nonRetryable(
        HypervisorErrors.NOT_OURS,
        vm + ": " + why + "; Bosun never touches a VM it did not create"
            + " (rename or remove it, or pick another node name)");
  }

  static ApplicationFailure noSnapshots(String vm, String why) {
    return Failures.nonRetryable(
        HypervisorErrors.NO_SNAPSHOTS, vm + ": snapshots are not available: " + quote(why));
  }

  /** The tool's own words, trimmed to a few lines. */
  static String quote(String message) {
    String m = message == null ? "" : message.strip();
    return m.length() > QUOTE_MAX ? m.substring(0, QUOTE_MAX) + "..." : m;
  }
}
