package dev.bosun.sim.kube;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** Small shared helpers over the fabric8 model. */
public final class KubeObjects {

  private KubeObjects() {}

  public static String timestamp(long millis) {
    return Instant.ofEpochMilli(millis).truncatedTo(ChronoUnit.SECONDS).toString();
  }

  public static boolean isReady(Pod p) {
    return p.getStatus() != null
        && p.getStatus().getConditions() != null
        && p.getStatus().getConditions().stream()
            .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  public static boolean isTerminating(HasMetadata o) {
    return o.getMetadata().getDeletionTimestamp() != null;
  }

  public static OwnerReference controller(HasMetadata o) {
    if (o.getMetadata().getOwnerReferences() == null) {
      return null;
    }
    return o.getMetadata().getOwnerReferences().stream()
        .filter(r -> Boolean.TRUE.equals(r.getController()))
        .findFirst()
        .orElse(null);
  }

  public static String controllerUid(HasMetadata o) {
    OwnerReference r = controller(o);
    return r == null ? null : r.getUid();
  }

  public static String key(HasMetadata o) {
    return key(o.getMetadata().getNamespace(), o.getMetadata().getName());
  }

  public static String key(String namespace, String name) {
    return namespace == null ? name : namespace + "/" + name;
  }
}
