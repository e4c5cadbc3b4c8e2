package dev.bosun.cli.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.bosun.cli.bench.CriticalPath.NodeChain;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(
    value = 10,
    unit = TimeUnit.MINUTES) // a hung watch or server fails the test instead of hanging CI
class CriticalPathTest {

  @Test
  void stagesAddUpAndTheLongestNodeOfEachStageCounts() {
    List<List<NodeChain>> stages = List.of(
        List.of(new NodeChain("cp-1", 30, true, 0)), // 30×200 + 2000 = 8000
        List.of(
            new NodeChain("w-1", 20, true, 1000),
            new NodeChain("w-2", 22, true, 0), // 7000 vs 6400
            new NodeChain("w-3", 19, true, 3000))); // 8800: longest
    CriticalPath.Bound b = CriticalPath.bound(stages, 200, 2000);
    assertEquals(8000 + 8800, b.millis());
    assertEquals("w-3", b.stages().get(1).longest().node());
    assertEquals(30 + 19, b.criticalCommands());
  }

  @Test
  void aNodeWithoutKubeletRestartGetsNoNotReadyWindow() {
    CriticalPath.Bound b =
        CriticalPath.bound(List.of(List.of(new NodeChain("w-1", 5, false, 500))), 100, 2000);
    assertEquals(1000, b.millis());
  }

  @Test
  void aPdbChainLengthensTheStageWhenItsWavesOutlastTheLongestTermination() {
    // 3 PDB'd pods on w-1..w-3, one disruption at a time: waves at 0, 300, 600 ms, the last one
    // then terminates for 1 s
    List<NodeChain> stage = List.of(
        new NodeChain("w-1", 25, true, 1000),
        new NodeChain("w-2", 25, true, 1000),
        new NodeChain("w-3", 24, true, 1000),
        new NodeChain("w-4", 25, true, 1000));
    CriticalPath.PdbChain web =
        new CriticalPath.PdbChain("web-pdb", List.of("w-1", "w-2", "w-3"), 3, 1, 1000);
    CriticalPath.Bound b =
        CriticalPath.bound(List.of(stage), List.of(List.of(web)), 200, 2000, 300);
    // w-3 has the shortest chain of the three (24 commands): 4800 + 2000 + max(1000, 2 × 300 +
    // 1000)
    assertEquals(4800 + 2000 + 1600, b.millis());
    assertEquals("w-3", b.stages().get(0).longest().node());
    assertEquals(web, b.stages().get(0).limitedBy());

    // two at a time: 2 waves, 300 + 1000 = 1300; still above the 1 s grace
    CriticalPath.PdbChain two =
        new CriticalPath.PdbChain("web-pdb", List.of("w-1", "w-2", "w-3"), 3, 2, 1000);
    assertEquals(
        4800 + 2000 + 1300,
        CriticalPath.bound(List.of(stage), List.of(List.of(two)), 200, 2000, 300)
            .millis());

    // one pod: no waiting, the stage's longest chain (w-1: 25 commands) is the bound
    CriticalPath.PdbChain one = new CriticalPath.PdbChain("web-pdb", List.of("w-3"), 1, 1, 1000);
    CriticalPath.Bound single =
        CriticalPath.bound(List.of(stage), List.of(List.of(one)), 200, 2000, 300);
    assertEquals(5000 + 2000 + 1000, single.millis());
    assertEquals(null, single.stages().get(0).limitedBy());
  }

  @Test
  void badInputNamesTheField() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new NodeChain("w-1", -1, true, 0));
    assertEquals("hostCommands and terminationMillis must not be negative (w-1)", e.getMessage());
    assertThrows(
        IllegalArgumentException.class, () -> CriticalPath.bound(List.of(List.of()), 1, 1));
    IllegalArgumentException pdb = assertThrows(
        IllegalArgumentException.class,
        () -> new CriticalPath.PdbChain("web-pdb", List.of("w-1"), 0, 1, 1000));
    assertEquals(
        "PDB web-pdb: pods and allowedAtOnce must be ≥ 1, graceMillis ≥ 0, nodes not empty",
        pdb.getMessage());
  }
}
