package dev.bosun.sim.kube;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetStatus;
import java.util.List;
import java.util.Map;
import java.util.function.ToIntFunction;

/** The disruption controller's arithmetic (pkg/controller/disruption): expected, desired and current healthy pods. */
final class Disruption {

  private Disruption() {}

  static boolean selects(LabelSelector selector, Map<String, String> labels) {
    if (selector == null) {
      return false;
    }
    Map<String, String> l = labels == null ? Map.of() : labels;
    if (selector.getMatchLabels() != null) {
      for (var e : selector.getMatchLabels().entrySet()) {
        if (!e.getValue().equals(l.get(e.getKey()))) {
          return false;
        }
      }
    }
    if (selector.getMatchExpressions() != null) {
      for (var expr : selector.getMatchExpressions()) {
        String v = l.get(expr.getKey());
        boolean in = v != null && expr.getValues() != null && expr.getValues().contains(v);
        boolean ok = switch (expr.getOperator()) {
          case "In" -> in;
          case "NotIn" -> !in;
          case "Exists" -> l.containsKey(expr.getKey());
          case "DoesNotExist" -> !l.containsKey(expr.getKey());
          default -> false;
        };
        if (!ok) {
          return false;
        }
      }
    }
    return true;
  }

  /**
   * Status of a PDB over the pods of its namespace. {@code scaleOf} gives the replica count of a pod's
   * controller (or -1 for a pod without one), as the real controller reads the scale subresource.
   */
  static PodDisruptionBudgetStatus status(
      PodDisruptionBudget pdb,
      List<Pod> namespacePods,
      ToIntFunction<Pod> scaleOf,
      boolean blocked) {
    List<Pod> matching = namespacePods.stream()
        .filter(p -> selects(pdb.getSpec().getSelector(), p.getMetadata().getLabels()))
        .toList();
    int currentHealthy = (int) matching.stream()
        .filter(p -> KubeObjects.isReady(p) && !KubeObjects.isTerminating(p))
        .count();
    IntOrString maxUnavailable = pdb.getSpec().getMaxUnavailable();
    IntOrString minAvailable = pdb.getSpec().getMinAvailable();
    int expected;
    int desiredHealthy;
    if (maxUnavailable != null || (minAvailable != null && minAvailable.getStrVal() != null)) {
      expected = expectedFromControllers(matching, scaleOf);
      if (maxUnavailable != null) {
        desiredHealthy = expected - resolve(maxUnavailable, expected);
      } else {
        desiredHealthy = resolve(minAvailable, expected);
      }
    } else {
      expected = matching.size();
      desiredHealthy = minAvailable == null ? 0 : minAvailable.getIntVal();
    }
    desiredHealthy = Math.max(0, desiredHealthy);
    int allowed = blocked ? 0 : Math.max(0, currentHealthy - desiredHealthy);
    PodDisruptionBudgetStatus s = new PodDisruptionBudgetStatus();
    s.setCurrentHealthy(currentHealthy);
    s.setDesiredHealthy(desiredHealthy);
    s.setExpectedPods(expected);
    s.setDisruptionsAllowed(allowed);
    s.setObservedGeneration(pdb.getMetadata().getGeneration());
    s.setDisruptedPods(Map.of());
    return s;
  }

  private static int expectedFromControllers(List<Pod> matching, ToIntFunction<Pod> scaleOf) {
    java.util.Map<String, Integer> byController = new java.util.HashMap<>();
    int uncontrolled = 0;
    for (Pod p : matching) {
      String owner = KubeObjects.controllerUid(p);
      if (owner == null) {
        uncontrolled++;
      } else {
        byController.put(owner, scaleOf.applyAsInt(p));
      }
    }
    return byController.values().stream().mapToInt(Integer::intValue).sum() + uncontrolled;
  }

  /** An int, or a percentage of {@code total} rounded up (as intstr.GetScaledValueFromIntOrPercent with roundUp). */
  private static int resolve(IntOrString v, int total) {
    if (v.getStrVal() == null) {
      return v.getIntVal();
    }
    String s = v.getStrVal().trim();
    int pct = Integer.parseInt(s.substring(0, s.length() - 1));
    return (int) Math.ceil(total * pct / 100.0);
  }
}
