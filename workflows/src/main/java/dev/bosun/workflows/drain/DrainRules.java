package dev.bosun.workflows.drain;

import dev.bosun.workflows.activities.DrainPlan;
import dev.bosun.workflows.activities.PodRef;
import dev.bosun.workflows.model.DrainOptions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * kubectl drain's pod filter chain (k8s.io/kubectl/pkg/drain/filters.go), pure: per pod the first
 * rule that does not say "delete" decides; refusals are grouped by message and name the option that
 * overrides them.
 */
public final class DrainRules {

  public static final String DAEMONSET_REFUSAL =
      "cannot delete DaemonSet-managed Pods (use ignoreDaemonSets to ignore)";
  public static final String EMPTYDIR_REFUSAL =
      "cannot delete Pods with local storage (use deleteEmptyDirData to override)";
  public static final String UNMANAGED_REFUSAL =
      "cannot delete Pods not managed by ReplicationController, ReplicaSet, Job, DaemonSet or StatefulSet (use force to override)";

  public static final String SKIP_NOT_SELECTED = "not selected by podSelector";
  public static final String SKIP_FINISHED = "finished (Succeeded or Failed)";
  public static final String SKIP_DAEMONSET = "DaemonSet-managed (ignoreDaemonSets)";
  public static final String SKIP_MIRROR = "mirror pod of a static pod (managed by the kubelet)";

  private DrainRules() {}

  /** What one rule says about one pod: evict (empty), skip with a reason, or refuse with a message. */
  private sealed interface Verdict permits Skip, Refuse {}

  private record Skip(String reason) implements Verdict {}

  private record Refuse(String message) implements Verdict {}

  /** @throws IllegalArgumentException when {@code options.podSelector()} is not a valid selector */
  public static DrainPlan classify(String node, List<PodFacts> pods, DrainOptions options) {
    PodSelector selector = PodSelector.parse(options.podSelector());
    List<PodRef> toEvict = new ArrayList<>();
    List<DrainPlan.SkippedPod> skipped = new ArrayList<>();
    Map<String, List<String>> refusals = new LinkedHashMap<>();
    for (PodFacts pod : pods) {
      PodRef ref = new PodRef(pod.namespace(), pod.name(), pod.gracePeriodSeconds());
      Optional<Verdict> verdict = verdict(pod, options, selector);
      if (verdict.isEmpty()) {
        toEvict.add(ref);
      } else if (verdict.get() instanceof Skip s) {
        skipped.add(new DrainPlan.SkippedPod(ref, s.reason()));
      } else if (verdict.get() instanceof Refuse r) {
        refusals.computeIfAbsent(r.message(), m -> new ArrayList<>()).add(ref.toString());
      }
    }
    List<String> grouped = refusals.entrySet().stream()
        .map(e -> e.getKey() + ": " + String.join(", ", e.getValue()))
        .toList();
    return new DrainPlan(node, List.copyOf(toEvict), List.copyOf(skipped), grouped);
  }

  private static Optional<Verdict> verdict(
      PodFacts pod, DrainOptions options, PodSelector selector) {
    if (!selector.matches(pod.labels())) {
      return Optional.of(new Skip(SKIP_NOT_SELECTED));
    }
    if (pod.finished()) {
      return Optional.of(new Skip(SKIP_FINISHED));
    }
    if ("DaemonSet".equals(pod.ownerKind())) {
      return Optional.of(
          options.ignoreDaemonSets() ? new Skip(SKIP_DAEMONSET) : new Refuse(DAEMONSET_REFUSAL));
    }
    if (pod.mirror()) {
      return Optional.of(new Skip(SKIP_MIRROR));
    }
    if (pod.usesEmptyDir() && !options.deleteEmptyDirData()) {
      return Optional.of(new Refuse(EMPTYDIR_REFUSAL));
    }
    if (pod.ownerKind() == null && !options.force()) {
      return Optional.of(new Refuse(UNMANAGED_REFUSAL));
    }
    return Optional.empty();
  }

  /**
   * An equality-based label selector, as {@code kubectl drain --pod-selector} takes it:
   * {@code a=b}, {@code a==b}, {@code a!=b}, {@code key}, {@code !key}, joined by commas.
   */
  public static final class PodSelector {

    private static final String NAME = "[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?";
    private static final Pattern KEY = Pattern.compile(
        "([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?" + NAME);
    private static final Pattern VALUE = Pattern.compile("(" + NAME + ")?");

    private enum Op {
      EQUALS,
      NOT_EQUALS,
      EXISTS,
      NOT_EXISTS
    }

    private record Requirement(String key, Op op, String value) {
      boolean matches(Map<String, String> labels) {
        return switch (op) {
          case EQUALS -> value.equals(labels.get(key));
          case NOT_EQUALS -> !value.equals(labels.get(key));
          case EXISTS -> labels.containsKey(key);
          case NOT_EXISTS -> !labels.containsKey(key);
        };
      }
    }

    private final String text;
    private final List<Requirement> requirements;

    private PodSelector(String text, List<Requirement> requirements) {
      this.text = text;
      this.requirements = requirements;
    }

    /** Everything (null or blank selector). */
    public static PodSelector all() {
      return new PodSelector("", List.of());
    }

    public static PodSelector parse(String text) {
      if (text == null || text.isBlank()) {
        return all();
      }
      List<Requirement> reqs = new ArrayList<>();
      for (String raw : text.split(",", -1)) {
        String term = raw.trim();
        if (term.isEmpty()) {
          throw invalid(text, "empty term");
        }
        if (term.contains(" in ") || term.contains(" notin ") || term.contains("(")) {
          throw invalid(
              text,
              "set-based requirements (in, notin) are not supported; use key=value, key!=value, key or !key");
        }
        Requirement r;
        int ne = term.indexOf("!=");
        int eq = term.indexOf('=');
        if (ne >= 0) {
          r = new Requirement(
              term.substring(0, ne).trim(),
              Op.NOT_EQUALS,
              term.substring(ne + 2).trim());
        } else if (eq >= 0) {
          int valueStart = term.startsWith("==", eq) ? eq + 2 : eq + 1;
          r = new Requirement(
              term.substring(0, eq).trim(),
              Op.EQUALS,
              term.substring(valueStart).trim());
        } else if (term.startsWith("!")) {
          r = new Requirement(term.substring(1).trim(), Op.NOT_EXISTS, null);
        } else {
          r = new Requirement(term, Op.EXISTS, null);
        }
        if (!KEY.matcher(r.key()).matches()) {
          throw invalid(text, "'" + r.key() + "' is not a valid label key");
        }
        if (r.value() != null && !VALUE.matcher(r.value()).matches()) {
          throw invalid(text, "'" + r.value() + "' is not a valid label value");
        }
        reqs.add(r);
      }
      return new PodSelector(text.trim(), List.copyOf(reqs));
    }

    private static IllegalArgumentException invalid(String text, String why) {
      return new IllegalArgumentException("podSelector '" + text + "' is invalid: " + why);
    }

    public boolean matches(Map<String, String> labels) {
      return requirements.stream().allMatch(r -> r.matches(labels));
    }

    @Override
    public String toString() {
      return text;
    }
  }
}
