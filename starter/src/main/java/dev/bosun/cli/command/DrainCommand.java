package dev.bosun.cli.command;

import dev.bosun.cli.operation.DrainOperation;
import dev.bosun.workflows.model.DrainOptions;
import dev.bosun.workflows.model.Inventory;
import dev.bosun.workflows.model.UpgradeSpec;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "drain",
    mixinStandardHelpOptions = true,
    description = {
      "Cordon a node and evict its pods through the Eviction API, honouring PodDisruptionBudgets (like kubectl drain).",
      "The node stays cordoned when drained; on failure or timeout it is uncordoned again (unless it was cordoned before).",
      "Options default to the inventory's upgrade.drain section."
    },
    footer = {
      "",
      "Examples:",
      "  bosun drain -i lab.yaml w-1 --timeout 10m --watch",
      "  bosun drain -i lab.yaml w-2 --pod-selector app=web --grace-period 30 --address 127.0.0.1:7233",
      "",
      "Exit: 0 drained, 1 refused or timed out (the report lists the pods), 2 bad input, 4 cluster busy."
    })
public final class DrainCommand implements Callable<Integer> {

  @Mixin
  StartOptions start;

  @Parameters(
      index = "0",
      paramLabel = "NODE",
      description = "The node to drain (a name from the inventory).")
  String node;

  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      description = "Give up after this long (10m, 1h; 0 = wait forever).")
  String timeout;

  @Option(
      names = "--grace-period",
      paramLabel = "SECONDS",
      description = "Pod termination grace period; -1 = each pod's own.")
  Integer gracePeriod;

  @Option(
      names = "--delete-emptydir-data",
      arity = "0..1",
      paramLabel = "BOOL",
      description = "Evict pods using emptyDir (their local data is lost).")
  Boolean deleteEmptyDirData;

  @Option(
      names = "--ignore-daemonsets",
      arity = "0..1",
      paramLabel = "BOOL",
      description = "Skip DaemonSet-managed pods instead of refusing.")
  Boolean ignoreDaemonSets;

  @Option(
      names = "--force",
      arity = "0..1",
      paramLabel = "BOOL",
      description = "Also evict pods no controller manages (they are not recreated).")
  Boolean force;

  @Option(
      names = "--pod-selector",
      paramLabel = "SELECTOR",
      description = "Only pods matching this label selector.")
  String podSelector;

  @Option(
      names = "--disable-eviction",
      arity = "0..1",
      paramLabel = "BOOL",
      description = "Never fall back to DELETE when the Eviction API is unavailable.")
  Boolean disableEviction;

  @Option(
      names = "--skip-wait-for-delete-timeout",
      paramLabel = "SECONDS",
      description =
          "Don't wait for pods whose deletionTimestamp is older than this many seconds (0 = always wait).")
  Integer skipWaitForDeleteTimeout;

  @Override
  public Integer call() {
    Duration parsedTimeout = timeout == null ? null : Flags.duration("--timeout", timeout);
    if (gracePeriod != null && gracePeriod < -1) {
      throw new IllegalArgumentException(
          "--grace-period must be -1 (each pod's own) or 0 and more, got " + gracePeriod);
    }
    if (skipWaitForDeleteTimeout != null && skipWaitForDeleteTimeout < 0) {
      throw new IllegalArgumentException(
          "--skip-wait-for-delete-timeout must be 0 or more seconds, got "
              + skipWaitForDeleteTimeout);
    }
    Inventory inv = start.builtInventory();
    start.requireNode(inv, node);
    DrainOptions base =
        inv.upgrade() == null ? UpgradeSpec.defaults().drain() : inv.upgrade().drain();
    DrainOptions options = new DrainOptions(
        parsedTimeout != null ? parsedTimeout : base.timeout(),
        gracePeriod != null ? gracePeriod : base.gracePeriodSeconds(),
        deleteEmptyDirData != null ? deleteEmptyDirData : base.deleteEmptyDirData(),
        ignoreDaemonSets != null ? ignoreDaemonSets : base.ignoreDaemonSets(),
        force != null ? force : base.force(),
        podSelector != null ? podSelector : base.podSelector(),
        disableEviction != null ? disableEviction : base.disableEvictionFallback(),
        skipWaitForDeleteTimeout != null
            ? Duration.ofSeconds(skipWaitForDeleteTimeout)
            : base.skipWaitForDeleteTimeout());
    return start.run(new DrainOperation(inv, node, options));
  }
}
