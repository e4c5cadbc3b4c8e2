package dev.bosun.workflows.backup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bosun.workflows.activities.OffHostEntry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Retention over copies taken one per day (day 0 the oldest, day 9 the one just verified). */
class RetentionTest {

  private static final long DAY = Duration.ofDays(1).toMillis();
  private static final long NOW = 100 * DAY;

  @ParameterizedTest(name = "keepLast={0} keepDays={1} unverified={2} -> delete {3}")
  @CsvSource(
      delimiter = '|',
      value = {
        "0 | 0 | ''  | ''",
        "3 | 0 | ''  | 0,1,2,3,4,5,6",
        "1 | 0 | ''  | 0,1,2,3,4,5,6,7,8",
        "0 | 3 | ''  | 0,1,2,3,4,5",
        "2 | 5 | ''  | 0,1,2,3",
        "5 | 2 | ''  | 0,1,2,3,4",
        "3 | 0 | 8,9 | 0,1,2,3,4",
        "20 | 0 | '' | ''",
      })
  void testWhatIsDeleted(int keepLast, int keepDays, String unverified, String expected) {
    List<OffHostEntry> entries = new ArrayList<>();
    List<String> notVerified = unverified.isEmpty() ? List.of() : List.of(unverified.split(","));
    for (int d = 0; d < 10; d++) {
      entries.add(new OffHostEntry(
          "b" + d, NOW - (9 - d) * DAY, !notVerified.contains(String.valueOf(d)), null));
    }

    List<String> deleted = Retention.toDelete(entries, "b9", keepLast, keepDays, NOW).stream()
        .map(e -> e.backupName().substring(1))
        .sorted()
        .toList();

    assertThat(String.join(",", deleted)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "keepLast={0} keepDays={1}: the last verified copy survives")
  @CsvSource({"1, 0", "0, 1", "1, 1"})
  void testTheLastVerifiedCopyIsNeverDeleted(int keepLast, int keepDays) {
    // every copy is old and the newest one did not verify: the newest verified (b1) is still kept
    List<OffHostEntry> entries = List.of(
        new OffHostEntry("b0", NOW - 30 * DAY, true, null),
        new OffHostEntry("b1", NOW - 20 * DAY, true, null),
        new OffHostEntry("b2", NOW - 10 * DAY, false, null));

    List<OffHostEntry> deleted = Retention.toDelete(entries, "b2", keepLast, keepDays, NOW);

    assertThat(deleted).extracting(OffHostEntry::backupName).containsExactly("b0");
  }

  @ParameterizedTest(name = "a single copy {0} days old is kept")
  @CsvSource({"0", "400"})
  void testASingleCopyIsKept(int days) {
    List<OffHostEntry> one = List.of(new OffHostEntry("b0", NOW - days * DAY, true, null));

    assertThat(Retention.toDelete(one, "b0", 1, 1, NOW)).isEmpty();
  }
}
