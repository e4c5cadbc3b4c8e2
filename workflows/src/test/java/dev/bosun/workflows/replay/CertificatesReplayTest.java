package dev.bosun.workflows.replay;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bosun.workflows.WorkflowIds;
import dev.bosun.workflows.certs.CertificatesRequest;
import dev.bosun.workflows.certs.RenewCertificatesWorkflow;
import dev.bosun.workflows.certs.RenewCertificatesWorkflowImpl;
import dev.bosun.workflows.testing.FakeCluster;
import dev.bosun.workflows.testing.TestClusters;
import io.temporal.client.WorkflowClient;
import io.temporal.testing.TestWorkflowEnvironment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * RenewCertificates replays: the committed recording (histories/renew-certificates.json, from its first version) and a
 * fresh one. Set -Dbosun.recordHistories=DIR to write the fresh recording there.
 */
@Timeout(60)
class CertificatesReplayTest {

  @Test
  void testCommittedRenewalReplays() throws Exception {
    Replay.resource("histories/renew-certificates.json", RenewCertificatesWorkflowImpl.class);
  }

  @Test
  void testFreshRenewalReplays() throws Exception {
    FakeCluster cluster = new FakeCluster("v1.30.6", 2, 1);
    String history;
    try (TestWorkflowEnvironment env = TestClusters.start(cluster)) {
      WorkflowClient client = env.getWorkflowClient();
      RenewCertificatesWorkflow wf = client.newWorkflowStub(
          RenewCertificatesWorkflow.class, TestClusters.options(WorkflowIds.mutation("lab1")));
      wf.renew(new CertificatesRequest(TestClusters.inventory(cluster), Duration.ofSeconds(20)));
      history = client.fetchHistory(WorkflowIds.mutation("lab1")).toJson(true);
    }
    assertTrue(history.contains("RenewCertificates"));
    String dir = System.getProperty("bosun.recordHistories");
    if (dir != null) {
      Files.writeString(Path.of(dir, "renew-certificates.json"), history);
    }
    Replay.json(history, RenewCertificatesWorkflowImpl.class);
  }
}
