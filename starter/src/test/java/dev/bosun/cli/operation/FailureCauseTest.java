package dev.bosun.cli.operation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bosun.cli.Cli;
import dev.bosun.sim.LabSim;
import dev.bosun.sim.LabSpec;
import dev.bosun.sim.host.HostState;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/** Issue 15, "every failure names its cause": the activity's own message reaches the operator, not the SDK's wrapper. */
@Execution(ExecutionMode.CONCURRENT)
class FailureCauseTest {

  @TempDir
  Path tmp;

  @Test
  void testPlanOnALabWithAnEmptyAdminConfNamesTheHostAndTheFile() throws Exception {
    try (LabSim lab = LabSim.start(LabSpec.of("lab1", 1, 1, "v1.30.6", tmp))) {
      lab.state().host("cp-1").files().put(HostState.ADMIN_CONF, "");

      Cli.Result r = Cli.run("plan", "-i", lab.inventoryFile().toString(), "--to", "v1.31.2");

      assertThat(r.exit()).as(r.toString()).isEqualTo(2);
      assertThat(r.err())
          .as(r.toString())
          .contains("cp-1", "/etc/kubernetes/admin.conf", "empty")
          .doesNotContain("Activity task failed");
    }
  }
}
