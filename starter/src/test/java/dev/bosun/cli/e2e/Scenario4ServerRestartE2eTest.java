package dev.bosun.cli.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.bosun.cli.Cli;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Scenario 4: the Temporal server is SIGKILLed mid-upgrade (its pid from temporal-dev's pid file) and started
 * again by temporal-dev/start on the same SQLite file and ports; the worker and the CLI reconnect and the upgrade
 * completes.
 */
@ExtendWith(E2eExtension.class)
@Timeout(
    value = 10,
    unit = TimeUnit.MINUTES) // a hung watch or server fails the test instead of hanging CI
class Scenario4ServerRestartE2eTest {

  @Test
  void testServerKilledAndRestartedOnTheSameDatabaseMidUpgradeAndTheUpgradeCompletes(
      E2eEnvironment env) throws Exception {
    Assumptions.assumeTrue(env.backend().cannotRestart() == null, env.backend().cannotRestart());
    try (E2eLab lab = E2eLab.start(env, "e2e-server", 1, 2)) {
      Upgrades upgrades = new Upgrades(env, lab.cluster());
      CompletableFuture<Cli.Result> upgrade =
          env.bosunAsync("upgrade", "-i", lab.inventory(), "--to", E2eLab.TARGET);

      // mid-upgrade: the control plane is done and the first worker is under way
      await("w-1 under way")
          .atMost(Duration.ofMinutes(1))
          .pollInterval(Duration.ofMillis(200))
          .until(() -> upgrades.childStarted("w-1"));
      assertThat(lab.versions().get("w-2")).isEqualTo(E2eLab.FROM);

      env.backend().killAndRestart();

      Cli.Result watch = env.bosun("watch", upgrades.id(), "--plain");
      assertThat(watch.exit()).as(watch.toString()).isZero();
      assertThat(watch.out()).contains("Completed");
      assertThat(lab.versions()).isEqualTo(lab.allAt(E2eLab.TARGET));
      assertThat(lab.cordoned()).isEmpty();
      assertThat(lab.mutatingCommandsCompletedTwice()).isEmpty();
      assertThat(Scenario5NodeFailureE2eTest.phaseOf(env, lab.cluster())).isEqualTo("Completed");

      Cli.Result started = upgrade.get(2, TimeUnit.MINUTES);
      assertThat(started.exit())
          .as("the bosun upgrade that was following when the server died: %s", started)
          .isZero();
    }
  }
}
