package dev.bosun.cli.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bosun.sim.LabSim;
import dev.bosun.sim.LabSpec;
import dev.bosun.workflows.model.Inventory;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The inventory a lab-sim writes is one Bosun's own validator accepts, and it describes that lab. */
@Timeout(
    value = 10,
    unit = TimeUnit.MINUTES) // a hung watch or server fails the test instead of hanging CI
class LabSimInventoryTest {

  @TempDir
  Path tmp;

  @Test
  void testLabSimInventoryValidates() throws Exception {
    try (LabSim lab = LabSim.start(LabSpec.of("lab1", 3, 5, "v1.30.6", tmp))) {
      InventoryResult result = new InventoryLoader(tmp.resolve("home")).load(lab.inventoryFile());

      assertThat(result.renderedErrors()).isEmpty();
      Inventory inv = result.inventory();
      assertThat(inv.cluster()).isEqualTo("lab1");
      assertThat(inv.controlPlanes()).hasSize(3);
      assertThat(inv.workers()).hasSize(5);
      assertThat(inv.ssh().port()).isEqualTo(lab.sshPort());
      assertThat(inv.ssh().privateKey())
          .isEqualTo(lab.privateKey().toAbsolutePath().toString());
      assertThat(inv.upgrade().drain().gracePeriodSeconds()).isEqualTo(-1);
      assertThat(inv.nodes())
          .extracting(n -> n.address())
          .containsExactlyElementsOf(lab.hosts().stream().map(h -> h.address()).toList());
    }
  }
}
