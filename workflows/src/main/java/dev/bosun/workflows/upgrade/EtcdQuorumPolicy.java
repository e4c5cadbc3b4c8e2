package dev.bosun.workflows.upgrade;

import dev.bosun.workflows.activities.EtcdMember;
import java.util.List;
import java.util.stream.Collectors;

/**
 * May a control plane's etcd member go down for its upgrade? etcd keeps quorum while more than half of its voting
 * members are healthy: with {@code n} voting members of which {@code h} are healthy, taking a healthy member down
 * needs {@code h - 1 > n / 2}; taking down a member that is already unhealthy changes nothing and needs
 * {@code h > n / 2}. Learners do not vote and are left out. One exception: a cluster of one or two members, all
 * healthy, has no fault tolerance to keep (its API always pauses while that member restarts), so its upgrade is
 * allowed. Pure: the node workflow decides with it from the activity's {@link EtcdMember}s.
 */
public final class EtcdQuorumPolicy {

  /** @param refusal why the member may not go down, naming the unhealthy members; null when it may */
  public record Verdict(String refusal) {
    public boolean allowed() {
      return refusal == null;
    }
  }

  private EtcdQuorumPolicy() {}

  /** @param node the control plane about to be upgraded (its member is the one named after it) */
  public static Verdict check(String node, List<EtcdMember> members) {
    List<EtcdMember> voting = members.stream().filter(m -> !m.learner()).toList();
    int n = voting.size();
    int healthy = (int) voting.stream().filter(EtcdMember::healthy).count();
    EtcdMember self =
        voting.stream().filter(m -> node.equals(m.name())).findFirst().orElse(null);
    if (self == null) {
      return new Verdict(
          null); // not a voting member here (external etcd, or a learner): nothing to lose
    }
    int left = self.healthy() ? healthy - 1 : healthy;
    boolean keepsQuorum = 2 * left > n;
    boolean noToleranceToKeep = n <= 2 && healthy == n;
    if (keepsQuorum || noToleranceToKeep) {
      return new Verdict(null);
    }
    List<EtcdMember> unhealthy = voting.stream().filter(m -> !m.healthy()).toList();
    return new Verdict("taking down the etcd member of " + node + " would lose etcd quorum: "
        + left + " of " + n + " members would stay healthy, " + (n / 2 + 1) + " are needed; "
        + (unhealthy.isEmpty()
            ? "no member is unhealthy"
            : "unhealthy: "
                + unhealthy.stream()
                    .map(EtcdQuorumPolicy::describe)
                    .collect(Collectors.joining(", ")))
        + ". Bring the unhealthy members back, then retry " + node);
  }

  private static String describe(EtcdMember m) {
    String name = m.name() == null || m.name().isEmpty() ? "member " + m.id() : m.name();
    return name + (m.error() == null ? "" : " (" + m.error() + ")");
  }
}
