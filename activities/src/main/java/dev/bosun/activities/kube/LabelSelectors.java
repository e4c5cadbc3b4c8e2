package dev.bosun.activities.kube;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import java.util.List;
import java.util.Map;

/** Matches a Kubernetes LabelSelector (matchLabels + matchExpressions) against a pod's labels. */
final class LabelSelectors {

  private LabelSelectors() {}

  /** A null selector matches nothing; an empty one matches everything (policy/v1 PDB semantics). */
  static boolean matches(LabelSelector selector, Map<String, String> labels) {
    if (selector == null) {
      return false;
    }
    Map<String, String> l = labels == null ? Map.of() : labels;
    if (selector.getMatchLabels() != null) {
      for (Map.Entry<String, String> e : selector.getMatchLabels().entrySet()) {
        if (!e.getValue().equals(l.get(e.getKey()))) {
          return false;
        }
      }
    }
    if (selector.getMatchExpressions() != null) {
      for (LabelSelectorRequirement r : selector.getMatchExpressions()) {
        List<String> values = r.getValues() == null ? List.of() : r.getValues();
        boolean ok = switch (r.getOperator()) {
          case "In" -> l.containsKey(r.getKey()) && values.contains(l.get(r.getKey()));
          case "NotIn" -> !l.containsKey(r.getKey()) || !values.contains(l.get(r.getKey()));
          case "Exists" -> l.containsKey(r.getKey());
          case "DoesNotExist" -> !l.containsKey(r.getKey());
          default -> false;
        };
        if (!ok) {
          return false;
        }
      }
    }
    return true;
  }
}
