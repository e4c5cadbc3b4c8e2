package dev.bosun.cli.temporal;

import dev.bosun.workflows.BosunSearchAttributes;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityOptions;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.worker.WorkerFactory;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.time.Duration;

/** A tiny workflow + activity that proves a round trip through a Temporal server and Bosun's search attributes. */
@WorkflowInterface
public interface EchoWorkflow {

  @WorkflowMethod
  String echo(String text);

  @ActivityInterface
  interface Shout {
    String shout(String text);
  }

  final class Impl implements EchoWorkflow {
    private final Shout shout = Workflow.newActivityStub(
        Shout.class,
        ActivityOptions.newBuilder()
            .setStartToCloseTimeout(Duration.ofSeconds(10))
            .build());

    @Override
    public String echo(String text) {
      // fails (hangs, on the test server) unless the attribute was registered: that is part of what
      // is tested
      Workflow.upsertTypedSearchAttributes(BosunSearchAttributes.PHASE.valueSet("Echoing"));
      return shout.shout(text);
    }
  }

  /** Runs a worker on {@code taskQueue}, starts one echo and returns its result and BosunPhase. */
  static String[] roundTrip(WorkflowClient client, String taskQueue, String text) {
    WorkerFactory factory = WorkerFactory.newInstance(client);
    try {
      var worker = factory.newWorker(taskQueue);
      worker.registerWorkflowImplementationTypes(Impl.class);
      worker.registerActivitiesImplementations((Shout) t -> t.toUpperCase() + "!");
      factory.start();
      String id = "echo-" + System.nanoTime();
      EchoWorkflow wf = client.newWorkflowStub(
          EchoWorkflow.class,
          WorkflowOptions.newBuilder()
              .setTaskQueue(taskQueue)
              .setWorkflowId(id)
              .setWorkflowExecutionTimeout(Duration.ofSeconds(30))
              .build());
      String result = wf.echo(text);
      String phase = client
          .newUntypedWorkflowStub(id)
          .describe()
          .getTypedSearchAttributes()
          .get(BosunSearchAttributes.PHASE);
      return new String[] {result, phase};
    } finally {
      factory.shutdownNow();
      factory.awaitTermination(5, java.util.concurrent.TimeUnit.SECONDS);
    }
  }
}
