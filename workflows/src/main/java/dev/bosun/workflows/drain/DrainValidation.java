package dev.bosun.workflows.drain;

import dev.bosun.workflows.model.DrainOptions;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Checks a drain's input before anything touches the cluster. Pure: the problems name the field and the
 * rule, and {@link #validate} turns them into a non-retryable {@code InvalidRequest} failure.
 */
public final class DrainValidation {

  public static final String INVALID_REQUEST = "InvalidRequest";

  /** A Kubernetes node name: an RFC 1123 subdomain. */
  private static final Pattern RFC_1123_SUBDOMAIN =
      Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");

  private DrainValidation() {}

  /** Throws {@code InvalidRequest} naming every bad field of {@code request}. */
  public static void validate(DrainRequest request) {
    List<String> problems = new ArrayList<>();
    if (request == null) {
      problems.add("the drain request is required");
    } else {
      if (request.cluster() == null) {
        problems.add("cluster is required");
      }
      nodeName("node", request.node(), problems);
      options("options", request.options(), problems);
    }
    if (!problems.isEmpty()) {
      throw ApplicationFailure.newNonRetryableFailure(
          "invalid drain request: " + String.join("; ", problems), INVALID_REQUEST);
    }
  }

  /** Adds a problem if {@code name} is not an RFC 1123 subdomain of at most 253 characters. */
  public static void nodeName(String field, String name, List<String> problems) {
    if (name == null || name.isEmpty()) {
      problems.add(field + " is required");
    } else if (name.length() > 253 || !RFC_1123_SUBDOMAIN.matcher(name).matches()) {
      problems.add(field + " '" + name
          + "' is not a valid node name (RFC 1123: lower-case letters, digits, '-' and '.', "
          + "starting and ending with a letter or digit, at most 253 characters)");
    }
  }

  /** Adds a problem for every bad field of {@code options}, prefixed with {@code field}. */
  public static void options(String field, DrainOptions options, List<String> problems) {
    if (options == null) {
      problems.add(field + " is required");
      return;
    }
    nonNegative(field + ".timeout", options.timeout(), "0 = wait forever", problems);
    if (options.gracePeriodSeconds() < -1) {
      problems.add(field
          + ".gracePeriod must be -1 (each pod's own terminationGracePeriodSeconds) or >= 0, got "
          + options.gracePeriodSeconds());
    }
    nonNegative(
        field + ".skipWaitForDeleteTimeout",
        options.skipWaitForDeleteTimeout(),
        "0 = always wait",
        problems);
    try {
      DrainRules.PodSelector.parse(options.podSelector());
    } catch (IllegalArgumentException e) {
      problems.add(field + ".podSelector '" + options.podSelector()
          + "' is not a valid label selector: " + e.getMessage());
    }
  }

  /** Adds a problem if {@code d} is negative (null is allowed: it means the documented default). */
  public static void nonNegative(
      String field, Duration d, String zeroMeans, List<String> problems) {
    if (d != null && d.isNegative()) {
      problems.add(field + " must be >= 0 (" + zeroMeans + "), got " + d);
    }
  }
}
