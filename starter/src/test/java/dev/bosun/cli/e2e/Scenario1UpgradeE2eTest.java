package dev.bosun.cli.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.bosun.cli.Cli;
import dev.bosun.workflows.BosunSearchAttributes;
import dev.bosun.workflows.WorkflowIds;
import dev.bosun.workflows.model.KubeVersion;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.client.WorkflowExecutionDescription;
import io.temporal.client.WorkflowExecutionMetadata;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** Scenario 1: a 3 + 5 lab upgraded to the target through {@code bosun upgrade}, as the server records it. */
@ExtendWith(E2eExtension.class)
@Timeout(
    value = 10,
    unit = TimeUnit.MINUTES) // a hung watch or server fails the test instead of hanging CI
class Scenario1UpgradeE2eTest {

  @Test
  void testUpgradeOfThreeControlPlanesAndFiveWorkersIsVisibleInTheServer(E2eEnvironment env)
      throws Exception {
    try (E2eLab lab = E2eLab.start(env, "e2e-upgrade", 3, 5)) {
      String cluster = lab.cluster();
      String id = WorkflowIds.mutation(cluster);

      Cli.Result upgrade = env.bosun(
          "upgrade", "-i", lab.inventory(), "--to", E2eLab.TARGET, "--max-unavailable", "2");

      assertThat(upgrade.exit()).as(upgrade.toString()).isZero();
      assertThat(upgrade.out()).contains("started RollingUpgrade " + id, "Completed");
      assertThat(lab.versions()).isEqualTo(lab.allAt(E2eLab.TARGET));
      assertThat(lab.cordoned()).isEmpty();
      assertThat(lab.mutatingCommandsCompletedTwice()).isEmpty();
      assertThat(lab.commands("cp-1", "kubeadm upgrade apply"))
          .singleElement()
          .matches(r -> r.exitCode() == 0);

      // the list view's filter: found by cluster and phase, with the node counters as columns
      String query = "BosunCluster='" + cluster + "' AND BosunPhase='Completed'";
      List<WorkflowExecutionMetadata> completed = await("visibility: " + query)
          .atMost(Duration.ofSeconds(20))
          .until(() -> Histories.list(env.client(), query), l -> !l.isEmpty());
      assertThat(completed).singleElement().satisfies(run -> {
        assertThat(run.getExecution().getWorkflowId()).isEqualTo(id);
        assertThat(run.getWorkflowType()).isEqualTo("RollingUpgrade");
        assertThat(run.getTypedSearchAttributes().get(BosunSearchAttributes.NODES_DONE))
            .isEqualTo(8L);
        assertThat(run.getTypedSearchAttributes().get(BosunSearchAttributes.NODES_TOTAL))
            .isEqualTo(8L);
        assertThat(run.getTypedSearchAttributes().get(BosunSearchAttributes.TARGET_VERSION))
            .isEqualTo(E2eLab.TARGET);
        assertThat(run.getTypedSearchAttributes().get(BosunSearchAttributes.OPERATION))
            .isEqualTo("upgrade");
      });

      // bosun status reads the same visibility data
      Cli.Result status = env.bosun("status", "--cluster", cluster);
      assertThat(status.exit()).as(status.toString()).isZero();
      assertThat(status.out())
          .contains(id, "upgrade", "Completed", E2eLab.TARGET, "8/8", "completed");

      // describe: the static summary the UI shows on top of the page
      WorkflowExecutionDescription d = env.client().newUntypedWorkflowStub(id).describe();
      assertThat(d.getStaticSummary())
          .isEqualTo("Upgrade " + cluster + " " + E2eLab.FROM + " → " + E2eLab.TARGET
              + " (3 control planes, 5 workers)");
      assertThat(d.getStaticDetails())
          .contains("bosun upgrade --to " + E2eLab.TARGET, "maxUnavailable: 2");

      // one child per node, under its meaningful ID
      for (String node : lab.versions().keySet()) {
        String childId =
            WorkflowIds.nodeUpgrade(cluster, KubeVersion.parse(E2eLab.TARGET), node, 1);
        WorkflowExecutionDescription child =
            env.client().newUntypedWorkflowStub(childId).describe();
        assertThat(child.getWorkflowType()).as(childId).isEqualTo("NodeUpgrade");
        assertThat(child.getStatus())
            .as(childId)
            .isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED);
        assertThat(child.getParentExecution().getWorkflowId()).isEqualTo(id);
        assertThat(child.getStaticSummary())
            .isEqualTo("Upgrade " + node + " " + E2eLab.FROM + " → " + E2eLab.TARGET);
      }

      // every activity of every workflow of this cluster says what it did
      List<WorkflowExecutionMetadata> runs =
          Histories.list(env.client(), "BosunCluster='" + cluster + "'");
      assertThat(runs)
          .extracting(WorkflowExecutionMetadata::getWorkflowType)
          .contains("RollingUpgrade", "NodeUpgrade");
      assertThat(runs)
          .filteredOn(r -> r.getWorkflowType().equals("NodeUpgrade"))
          .hasSize(8);
      int activities = 0;
      for (WorkflowExecutionMetadata run : runs) {
        List<String> summaries = Histories.activitySummaries(Histories.fetch(env.client(), run));
        assertThat(summaries)
            .as("activity summaries of %s", run.getExecution().getWorkflowId())
            .allMatch(s -> !s.isBlank());
        activities += summaries.size();
      }
      assertThat(activities).isGreaterThan(8 * 8);
      List<String> parentSummaries =
          Histories.activitySummaries(Histories.fetch(env.client(), completed.get(0)));
      assertThat(parentSummaries).anyMatch(s -> s.startsWith("etcd snapshot on cp-1"));
      String cp1 = WorkflowIds.nodeUpgrade(cluster, KubeVersion.parse(E2eLab.TARGET), "cp-1", 1);
      assertThat(Histories.activitySummaries(env.client().fetchHistory(cp1)))
          .contains("kubeadm upgrade apply " + E2eLab.TARGET + " on cp-1", "uncordon cp-1");
    }
  }
}
