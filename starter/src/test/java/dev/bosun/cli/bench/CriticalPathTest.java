package dev.bosun.cli.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.bosun.cli.bench.CriticalPath.NodeChain;
import java.util.List;
import org.junit.jupiter.api.Test;

class CriticalPathTest {

  @Test
  void stagesAddUpAndTheLongestNodeOfEachStageCounts() {
    List<List<NodeChain>> stages = List.of(
        List.of(new NodeChain("cp-1", 30, true, 0)),                                    // 30×200 + 2000 = 8000
        List.of(new NodeChain("w-1", 20, true, 1000), new NodeChain("w-2", 22, true, 0), // 7000 vs 6400
            new NodeChain("w-3", 19, true, 3000)));                                       // 8800: longest
    CriticalPath.Bound b = CriticalPath.bound(stages, 200, 2000);
    assertEquals(8000 + 8800, b.millis());
    assertEquals("w-3", b.stages().get(1).longest().node());
    assertEquals(30 + 19, b.criticalCommands());
  }

  @Test
  void aNodeWithoutKubeletRestartGetsNoNotReadyWindow() {
    CriticalPath.Bound b = CriticalPath.bound(List.of(List.of(new NodeChain("w-1", 5, false, 500))), 100, 2000);
    assertEquals(1000, b.millis());
  }

  @Test
  void badInputNamesTheField() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new NodeChain("w-1", -1, true, 0));
    assertEquals("hostCommands and terminationMillis must not be negative (w-1)", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> CriticalPath.bound(List.of(List.of()), 1, 1));
  }
}
