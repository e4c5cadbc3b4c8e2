package dev.bosun.workflows.model;

import java.time.Duration;

/**
 * The options of {@code kubectl drain}, with the same meaning.
 *
 * @param timeout give up after this long (0 = wait forever, as kubectl; Bosun's default is 10m)
 * @param gracePeriodSeconds -1 = each pod's own terminationGracePeriodSeconds
 * @param deleteEmptyDirData evict pods using emptyDir (their local data is lost)
 * @param ignoreDaemonSets skip DaemonSet-managed pods instead of refusing
 * @param force evict pods not managed by a controller (they are not recreated)
 * @param podSelector only pods matching this label selector (null = all)
 * @param disableEvictionFallback never fall back to DELETE when the Eviction API is unavailable
 * @param skipWaitForDeleteTimeout don't wait for pods whose deletionTimestamp is older than this (0 = always wait)
 */
public record DrainOptions(
    Duration timeout,
    int gracePeriodSeconds,
    boolean deleteEmptyDirData,
    boolean ignoreDaemonSets,
    boolean force,
    String podSelector,
    boolean disableEvictionFallback,
    Duration skipWaitForDeleteTimeout) {

  public static DrainOptions defaults() {
    return new DrainOptions(
        Duration.ofMinutes(10), -1, true, true, false, null, false, Duration.ZERO);
  }
}
