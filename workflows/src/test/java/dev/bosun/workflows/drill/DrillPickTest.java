package dev.bosun.workflows.drill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bosun.workflows.activities.OffHostEntry;
import dev.bosun.workflows.backup.BackupPlan;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Which backup a drill restores. */
class DrillPickTest {

  static final long NOW = Instant.parse("2026-12-07T06:00:00Z").toEpochMilli();

  static final List<OffHostEntry> COPIES = List.of(
      entry("bosun-lab1-20261120030000", true),
      entry("bosun-lab1-20261201030000", true),
      entry("bosun-lab1-20261203030000", true),
      entry("bosun-lab1-20261205030000", true),
      entry("bosun-lab1-20261206030000", false));

  @Test
  void theLatestVerifiedNeverAnUnverifiedNewerOne() {
    assertThat(DrillPick.choose(COPIES, null, null, NOW, new Random(1)).backupName())
        .isEqualTo("bosun-lab1-20261205030000");
  }

  @Test
  void aNamedOneEvenIfOlder() {
    assertThat(DrillPick.choose(COPIES, "bosun-lab1-20261120030000", null, NOW, new Random(1))
            .backupName())
        .isEqualTo("bosun-lab1-20261120030000");
  }

  @Test
  void aNamedUnverifiedOrUnknownOneIsRefusedNamingTheFlag() {
    assertThatThrownBy(
            () -> DrillPick.choose(COPIES, "bosun-lab1-20261206030000", null, NOW, new Random(1)))
        .hasMessage("--backup bosun-lab1-20261206030000: its off-host copy never verified;"
            + " a drill restores verified copies only");
    assertThatThrownBy(() -> DrillPick.choose(COPIES, "nope", null, NOW, new Random(1)))
        .hasMessageStartingWith("--backup nope: no off-host copy of that name (have: ");
  }

  @Test
  void aRandomOneOnlyFromVerifiedCopiesInsideTheWindowAndEachCanBeDrawn() {
    Set<String> drawn = new HashSet<>();
    Random random = new Random(42);
    for (int i = 0; i < 200; i++) {
      drawn.add(DrillPick.choose(COPIES, null, Duration.ofDays(7), NOW, random).backupName());
    }
    assertThat(drawn)
        .containsExactlyInAnyOrder(
            "bosun-lab1-20261201030000", "bosun-lab1-20261203030000", "bosun-lab1-20261205030000");
  }

  @Test
  void theSameSeedDrawsTheSameBackup() {
    String a =
        DrillPick.choose(COPIES, null, Duration.ofDays(30), NOW, new Random(7)).backupName();
    String b =
        DrillPick.choose(COPIES, null, Duration.ofDays(30), NOW, new Random(7)).backupName();
    assertThat(a).isEqualTo(b);
  }

  @Test
  void nothingToPickSaysWhy() {
    assertThatThrownBy(
            () -> DrillPick.choose(COPIES, null, Duration.ofHours(1), NOW, new Random(1)))
        .hasMessageStartingWith(
            "--random-within 1h: no verified off-host copy taken in that window");
    assertThatThrownBy(() -> DrillPick.choose(List.of(), null, null, NOW, new Random(1)))
        .hasMessage("no verified off-host copy to drill: run bosun backup first");
  }

  static OffHostEntry entry(String name, boolean verified) {
    return new OffHostEntry(name, BackupPlan.takenAt(name), verified, null);
  }
}
