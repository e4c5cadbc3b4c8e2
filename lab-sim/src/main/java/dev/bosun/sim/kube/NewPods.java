package dev.bosun.sim.kube;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * What the lab makes up for a new pod: the random name suffix its controller gives it, its initial status (Pending,
 * or Running on its node with a pod IP) and its conditions. Seeded, so a lab's pod names repeat from run to run.
 */
final class NewPods {

  private static final String POD_SUFFIX_CHARS = "bcdfghjklmnpqrstvwxz2456789";

  private final Random random = new Random(42);

  /** The five characters a ReplicaSet or DaemonSet appends to a pod's name. */
  String suffix() {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < 5; i++) {
      b.append(POD_SUFFIX_CHARS.charAt(random.nextInt(POD_SUFFIX_CHARS.length())));
    }
    return b.toString();
  }

  /** A new pod's status, not Ready yet: Pending without a node, else Running on {@code node} (null when unknown). */
  void initialStatus(Pod p, Node node, long now) {
    PodSpec spec = p.getSpec();
    if (spec.getRestartPolicy() == null) {
      spec.setRestartPolicy("Always");
    }
    p.setStatus(new io.fabric8.kubernetes.api.model.PodStatus());
    p.getStatus().setPhase(spec.getNodeName() == null ? "Pending" : "Running");
    p.getStatus().setConditions(new ArrayList<>(List.of(condition("Ready", "False", now))));
    if (spec.getNodeName() != null) {
      if (node != null) {
        p.getStatus().setHostIP(node.getStatus().getAddresses().get(0).getAddress());
      }
      p.getStatus()
          .setPodIP(
              Boolean.TRUE.equals(spec.getHostNetwork())
                  ? p.getStatus().getHostIP()
                  : "10.244." + random.nextInt(256) + "." + (2 + random.nextInt(250)));
      p.getStatus().setStartTime(KubeObjects.timestamp(now));
    }
  }

  static PodCondition condition(String type, String status, long now) {
    PodCondition c = new PodCondition();
    c.setType(type);
    c.setStatus(status);
    c.setLastTransitionTime(KubeObjects.timestamp(now));
    return c;
  }
}
