package dev.bosun.activities;

import dev.bosun.workflows.BosunActivityOptions;
import io.temporal.failure.ApplicationFailure;
import java.util.Arrays;
import java.util.List;

/**
 * The failures activities raise: Temporal {@link ApplicationFailure}s with a stable type, so that
 * workflows and operators can tell "retry may help" from "a human must act".
 */
public final class Failures {

  public static final String HOST_KEY_MISMATCH = "HostKeyMismatch";
  public static final String HOST_KEY_UNKNOWN = "HostKeyUnknown";
  public static final String SSH_AUTH_FAILED = "SshAuthFailed";
  public static final String SSH_UNREACHABLE = "SshUnreachable";
  public static final String SSH_CONNECTION_LOST = "SshConnectionLost";
  public static final String COMMAND_TIMEOUT = "CommandTimeout";
  public static final String COMMAND_FAILED = "CommandFailed";
  /** A file's SHA-256 is not the one its source published or sent. */
  public static final String CHECKSUM_MISMATCH = "ChecksumMismatch";

  public static final String INVALID_INPUT = "InvalidInput";
  public static final String PACKAGE_NOT_FOUND = BosunActivityOptions.PACKAGE_NOT_FOUND;
  public static final String UNSUPPORTED_PACKAGE_MANAGER = "UnsupportedPackageManager";
  public static final String VERSION_SKEW = "VersionSkew";
  public static final String UNPARSEABLE_OUTPUT = "UnparseableOutput";
  public static final String KUBE_API = "KubernetesApi";
  public static final String NODE_NOT_READY = "NodeNotReady";
  public static final String NODE_NOT_FOUND = "NodeNotFound";
  public static final String EVICTION_UNAVAILABLE = "EvictionUnavailable";
  public static final String KUBECONFIG = "Kubeconfig";
  /** kubeadm init/join refused by its preflight checks (exit 2): the host must be fixed, retrying cannot help. */
  public static final String KUBEADM_PREFLIGHT = "KubeadmPreflight";

  private Failures() {}

  public static ApplicationFailure nonRetryable(String type, String message) {
    return ApplicationFailure.newNonRetryableFailure(message, type);
  }

  public static ApplicationFailure retryable(String type, String message) {
    return ApplicationFailure.newFailure(message, type);
  }

  public static ApplicationFailure retryable(String type, String message, Throwable cause) {
    return ApplicationFailure.newFailureWithCause(message, type, cause);
  }

  /**
   * Runs an input check ({@link dev.bosun.workflows.rules.TargetRules}): a broken rule is a non-retryable
   * {@link #INVALID_INPUT} failure with the rule's message, before anything touches a host or an API.
   */
  public static <T> T validInput(java.util.function.Supplier<T> check) {
    try {
      return check.get();
    } catch (IllegalArgumentException e) {
      throw nonRetryable(INVALID_INPUT, e.getMessage());
    }
  }

  /** Runs an output parser: output it cannot read is a non-retryable {@link #UNPARSEABLE_OUTPUT} naming the node. */
  public static <T> T parsedOutput(String node, java.util.function.Supplier<T> parse) {
    try {
      return parse.get();
    } catch (IllegalArgumentException e) {
      throw nonRetryable(UNPARSEABLE_OUTPUT, node + ": " + e.getMessage());
    }
  }

  /** The last {@code n} non-blank lines of a tool's output, for failure messages. */
  public static String lastLines(String text, int n) {
    if (text == null || text.isBlank()) {
      return "";
    }
    List<String> lines = Arrays.stream(text.split("\n"))
        .map(String::stripTrailing)
        .filter(l -> !l.isBlank())
        .toList();
    return String.join("\n", lines.subList(Math.max(0, lines.size() - n), lines.size()));
  }
}
