package dev.bosun.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bosun.activities.ActivityImplementations;
import dev.bosun.activities.ActivitySettings;
import dev.bosun.workflows.BosunWorkflows;
import org.junit.jupiter.api.Test;

/** Without an override the worker registers exactly Bosun's workflows and activities. */
class RegistrationTest {

  @Test
  void testDefaultContextRegistersBosunWorkflowsAndActivities() throws Exception {
    try (TestTemporal temporal = new TestTemporal();
        EmbeddedWorker embedded = EmbeddedWorker.builder()
            .serviceStubs(temporal.stubs())
            .property("bosun.limits.max-commands-per-host", 3)
            .start();
        ActivityImplementations reference =
            ActivityImplementations.create(ActivitySettings.defaults())) {
      BosunWorker worker = embedded.worker();

      assertThat(worker.state()).isEqualTo(BosunWorker.State.POLLING);
      assertThat(worker.taskQueue()).isEqualTo("bosun");
      assertThat(worker.registrations().workflowImplementations())
          .isEqualTo(BosunWorkflows.IMPLEMENTATIONS);
      assertThat(worker.registrations().activityImplementations())
          .extracting(Object::getClass)
          .isEqualTo(reference.implementations().stream().map(Object::getClass).toList());
      assertThat(embedded.context().getBean(ActivitySettings.class).maxCommandsPerHost())
          .isEqualTo(3);
      assertThat(embedded.httpUrl()).as("no HTTP server unless asked for").isEmpty();
    }
  }
}
