package dev.bosun.workflows.drill;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * RPO and RTO per restored namespace. RPO: how much would be lost, the drill's start minus the restored sentinel's
 * time (the newest data the backup can hold). RTO: how long recovery took, the drill's start until every check of
 * that namespace had passed. Both from the workflow's clock, so a replay measures the same.
 */
public record DrillFigures(Map<String, Long> rpoMillis, Map<String, Long> rtoMillis) {

  public DrillFigures {
    rpoMillis = Map.copyOf(rpoMillis);
    rtoMillis = Map.copyOf(rtoMillis);
  }

  /**
   * @param passedAt namespace → when its last check passed
   */
  public static DrillFigures of(
      long drillStart, long sentinelWrittenAt, Map<String, Long> passedAt) {
    if (sentinelWrittenAt > drillStart) {
      throw new IllegalArgumentException("the sentinel was written after the drill began");
    }
    Map<String, Long> rpo = new LinkedHashMap<>();
    Map<String, Long> rto = new LinkedHashMap<>();
    passedAt.forEach((ns, at) -> {
      if (at < drillStart) {
        throw new IllegalArgumentException(ns + " passed before the drill began");
      }
      rpo.put(ns, drillStart - sentinelWrittenAt);
      rto.put(ns, at - drillStart);
    });
    return new DrillFigures(rpo, rto);
  }

  /** The worst namespace's RTO (0 with none). */
  public long maxRtoMillis() {
    return rtoMillis.values().stream().mapToLong(Long::longValue).max().orElse(0);
  }
}
