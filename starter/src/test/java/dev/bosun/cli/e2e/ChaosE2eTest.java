package dev.bosun.cli.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.bosun.cli.Cli;
import dev.bosun.workflows.Phase;
import dev.bosun.workflows.upgrade.NodeRow;
import dev.bosun.workflows.upgrade.UpgradeProgress;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The chaos run: one rolling upgrade of 20 nodes (3 control planes + 17 workers) on the dev server, the worker
 * SIGKILLed at 20 random moments and started again each time, and the dev server SIGKILLed and restarted on the
 * same database half-way. The upgrade must complete, every node at the target, none cordoned, and no mutating host command
 * may have completed twice on a host (lab-sim's command log). A kill inside an activity costs its heartbeat
 * timeout (30 s) or, for a short activity without heartbeats, its start-to-close timeout (2 min): the run takes
 * 10 to 25 minutes, so it runs only when asked: {@code -Dbosun.chaos=true} (BOSUN_CHAOS=1 ./.ci/run runs it after
 * the test command, with SecretScanE2eTest over every history it made). {@code -Dbosun.chaos.seed=N} replays
 * the same kill points.
 */
@ExtendWith(E2eExtension.class)
@EnabledIfSystemProperty(
    named = "bosun.chaos",
    matches = "true",
    disabledReason =
        "the chaos run takes 10-25 minutes: -Dbosun.chaos=true (BOSUN_CHAOS=1 ./.ci/run)")
@Timeout(value = 45, unit = TimeUnit.MINUTES)
class ChaosE2eTest {

  static final int KILLS = 20;

  @Test
  void testTwentyWorkerKillsAndAServerKillDuringATwentyNodeUpgrade(E2eEnvironment env)
      throws Exception {
    long seed = Long.getLong("bosun.chaos.seed", System.nanoTime());
    Random random = new Random(seed);
    List<String> report = new ArrayList<>();
    report.add("# Chaos run, seed " + seed);
    report.add("");
    report.add("| kill | after (s) | phase | nodes done | in flight (node: step) |");
    report.add("|---|---|---|---|---|");
    long start = System.currentTimeMillis();
    try (E2eLab lab = E2eLab.start(env, "e2e-chaos", 3, 17)) {
      Upgrades upgrades = new Upgrades(env, lab.cluster());
      CompletableFuture<Cli.Result> upgrade =
          env.bosunAsync("upgrade", "-i", lab.inventory(), "--to", E2eLab.TARGET);
      int kills = 0;
      String lastKilled = "";
      String serverKilledIn = null;
      while (kills < KILLS && !upgrade.isDone()) {
        if (kills > 0) {
          // spread the kills over the run: each once the run has moved on from where the last one
          // hit (another
          // node or another activity), at a random moment shortly after
          String last = lastKilled;
          await("the run moved on from kill " + kills)
              .atMost(Duration.ofMinutes(10))
              .pollInterval(Duration.ofMillis(200))
              .ignoreExceptions()
              .until(() ->
                  upgrade.isDone() || !inFlight(upgrades, upgrades.progress()).equals(last));
        }
        Thread.sleep(random.nextInt(kills == 0 ? 15_000 : 2_000));
        UpgradeProgress before = progressOrNull(upgrades);
        if (upgrade.isDone() || before != null && before.phase() == Phase.COMPLETED) {
          break;
        }
        lastKilled = inFlight(upgrades, before);
        env.killWorker();
        kills++;
        report.add("| " + kills + " | " + (System.currentTimeMillis() - start) / 1000 + " | "
            + lastKilled + " |");
        if (kills == KILLS / 2) {
          // the server too, mid-upgrade, while no worker runs: both come back on the same database
          serverKilledIn = before == null ? "?" : before.phase().toString();
          env.backend().killAndRestart();
          report.add("| server | " + (System.currentTimeMillis() - start) / 1000
              + " | dev server SIGKILLed and restarted on its database | | |");
        }
        env.startWorker();
      }
      assertThat(kills).as("the upgrade outlived %d kills", KILLS).isEqualTo(KILLS);
      assertThat(serverKilledIn).as("the server was killed mid-upgrade").isNotIn(null, "Completed");

      Cli.Result done = upgrade.get(30, TimeUnit.MINUTES);
      long seconds = (System.currentTimeMillis() - start) / 1000;
      List<String> twice = lab.mutatingCommandsCompletedTwice();
      report.add("");
      report.add("Upgrade ended after " + seconds + " s: exit " + done.exit() + "; nodes at "
          + E2eLab.TARGET + ": "
          + lab.versions().values().stream().filter(E2eLab.TARGET::equals).count() + " of "
          + lab.versions().size() + "; cordoned: " + lab.cordoned() + "; mutating commands"
          + " completed twice: " + twice + "; workers started: " + (kills + 1) + ".");
      Files.write(env.dir().resolve("chaos-report.md"), report);
      System.out.println(String.join("\n", report));

      assertThat(done.exit()).as(done.toString()).isZero();
      assertThat(lab.versions()).isEqualTo(lab.allAt(E2eLab.TARGET));
      assertThat(lab.cordoned()).isEmpty();
      assertThat(twice).isEmpty();
      assertThat(upgrades.progress().phase()).isEqualTo(Phase.COMPLETED);
    }
  }

  private static UpgradeProgress progressOrNull(Upgrades upgrades) {
    try {
      return upgrades.progress();
    } catch (RuntimeException e) {
      return null; // not started yet, or the worker not polling yet
    }
  }

  /** What the run was doing just before the kill: its phase, and the activities its in-flight nodes run. */
  private static String inFlight(Upgrades upgrades, UpgradeProgress p) {
    if (p == null) {
      return "(not started) | | ";
    }
    String rows = p.nodes().stream()
        .filter(r -> r.startedAtMillis() > 0 && r.finishedAtMillis() == 0)
        .map(r -> row(upgrades, r))
        .collect(Collectors.joining(", "));
    return p.phase() + " | " + p.nodesDone() + "/" + p.nodesTotal() + " | "
        + (rows.isEmpty() ? "—" : rows);
  }

  private static String row(Upgrades upgrades, NodeRow r) {
    String activities;
    try {
      activities = upgrades.pendingActivities(r.node()).stream()
          .map(a -> a.getActivityType().getName())
          .collect(Collectors.joining("+"));
    } catch (RuntimeException e) {
      activities = "";
    }
    return r.node() + ": " + r.state() + (activities.isEmpty() ? "" : " (" + activities + ")");
  }
}
