package dev.bosun.workflows.testing;

import dev.bosun.workflows.upgrade.RollingUpgradeWorkflowImpl;

/** The real rolling upgrade with low continue-as-new thresholds, so that small test clusters hand over between runs. */
public final class ContinuingUpgrades {

  private ContinuingUpgrades() {}

  /** Hands over at every stage boundary it may: each run upgrades one stage. */
  public static class AtEveryStage extends RollingUpgradeWorkflowImpl {
    @Override
    protected long historyThreshold(int nextBatchSize) {
      return 1;
    }
  }

  /** Past 60 events: a 1 + 6 upgrade one node at a time hands over once. */
  public static class After60Events extends RollingUpgradeWorkflowImpl {
    @Override
    protected long historyThreshold(int nextBatchSize) {
      return 60;
    }
  }

  /** Past 80 events: a 3 + 40 upgrade in batches of 10 hands over a few times. */
  public static class After80Events extends RollingUpgradeWorkflowImpl {
    @Override
    protected long historyThreshold(int nextBatchSize) {
      return 80;
    }
  }
}
