package dev.bosun.workflows;

import io.temporal.common.SearchAttributeKey;
import java.util.List;
import java.util.Map;

/**
 * Bosun's custom search attributes: list columns and filters in the Temporal UI
 * ({@code BosunCluster='lab1' AND BosunPhase='AwaitingOperator'}).
 */
public final class BosunSearchAttributes {

  public static final SearchAttributeKey<String> CLUSTER =
      SearchAttributeKey.forKeyword("BosunCluster");
  public static final SearchAttributeKey<String> OPERATION =
      SearchAttributeKey.forKeyword("BosunOperation");
  public static final SearchAttributeKey<String> PHASE =
      SearchAttributeKey.forKeyword("BosunPhase");
  public static final SearchAttributeKey<String> TARGET_VERSION =
      SearchAttributeKey.forKeyword("BosunTargetVersion");
  public static final SearchAttributeKey<String> DRILL_RESULT =
      SearchAttributeKey.forKeyword("BosunDrillResult");
  /** An off-host backup's result: succeeded or failed (and which step), see {@code BackupResult}. */
  public static final SearchAttributeKey<String> BACKUP_RESULT =
      SearchAttributeKey.forKeyword("BosunBackupResult");

  public static final SearchAttributeKey<Long> NODES_DONE =
      SearchAttributeKey.forLong("BosunNodesDone");
  public static final SearchAttributeKey<Long> NODES_TOTAL =
      SearchAttributeKey.forLong("BosunNodesTotal");

  /** Name → Temporal type (Keyword or Int), for registering them on a server. */
  public static final Map<String, String> ALL = Map.of(
      "BosunCluster", "Keyword",
      "BosunOperation", "Keyword",
      "BosunPhase", "Keyword",
      "BosunTargetVersion", "Keyword",
      "BosunDrillResult", "Keyword",
      "BosunBackupResult", "Keyword",
      "BosunNodesDone", "Int",
      "BosunNodesTotal", "Int");

  public static final List<String> NAMES = List.of(
      "BosunCluster",
      "BosunOperation",
      "BosunPhase",
      "BosunTargetVersion",
      "BosunDrillResult",
      "BosunBackupResult",
      "BosunNodesDone",
      "BosunNodesTotal");

  private BosunSearchAttributes() {}
}
