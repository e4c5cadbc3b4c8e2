package dev.bosun.worker;

import io.temporal.activity.ActivityExecutionContext;
import io.temporal.activity.ActivityInfo;
import io.temporal.common.interceptors.ActivityInboundCallsInterceptor;
import io.temporal.common.interceptors.ActivityInboundCallsInterceptorBase;
import io.temporal.common.interceptors.WorkerInterceptorBase;
import io.temporal.common.interceptors.WorkflowInboundCallsInterceptor;
import io.temporal.common.interceptors.WorkflowInboundCallsInterceptorBase;
import io.temporal.common.interceptors.WorkflowOutboundCallsInterceptor;
import io.temporal.common.interceptors.WorkflowOutboundCallsInterceptorBase;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInfo;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.MDC;

/**
 * Puts {@code workflowId}, {@code runId}, {@code workflowType} (and for activities {@code activityType},
 * {@code activityId}) into the MDC of every thread that runs Bosun code, so each log line names the
 * run it belongs to. Also counts the activities in flight, for shutdown logs and /health.
 */
public final class MdcWorkerInterceptor extends WorkerInterceptorBase {

  public static final String WORKFLOW_ID = "workflowId";
  public static final String RUN_ID = "runId";
  public static final String WORKFLOW_TYPE = "workflowType";
  public static final String ACTIVITY_TYPE = "activityType";
  public static final String ACTIVITY_ID = "activityId";

  private final AtomicInteger activitiesInFlight = new AtomicInteger();

  public int activitiesInFlight() {
    return activitiesInFlight.get();
  }

  @Override
  public ActivityInboundCallsInterceptor interceptActivity(ActivityInboundCallsInterceptor next) {
    return new ActivityInboundCallsInterceptorBase(next) {
      private ActivityInfo info;

      @Override
      public void init(ActivityExecutionContext context) {
        info = context.getInfo();
        super.init(context);
      }

      @Override
      public ActivityOutput execute(ActivityInput input) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put(WORKFLOW_ID, info.getWorkflowId());
        fields.put(RUN_ID, info.getRunId());
        fields.put(WORKFLOW_TYPE, info.getWorkflowType());
        fields.put(ACTIVITY_TYPE, info.getActivityType());
        fields.put(ACTIVITY_ID, info.getActivityId());
        activitiesInFlight.incrementAndGet();
        try (MdcScope ignored = MdcScope.put(fields)) {
          return super.execute(input);
        } finally {
          activitiesInFlight.decrementAndGet();
        }
      }
    };
  }

  @Override
  public WorkflowInboundCallsInterceptor interceptWorkflow(WorkflowInboundCallsInterceptor next) {
    return new WorkflowInboundCallsInterceptorBase(next) {
      @Override
      public void init(WorkflowOutboundCallsInterceptor outboundCalls) {
        super.init(new WorkflowOutboundCallsInterceptorBase(outboundCalls) {
          @Override
          public Object newChildThread(Runnable runnable, boolean detached, String name) {
            return super.newChildThread(withWorkflowMdc(runnable), detached, name);
          }
        });
      }

      @Override
      public Object newWorkflowMethodThread(Runnable runnable, String name) {
        return super.newWorkflowMethodThread(withWorkflowMdc(runnable), name);
      }

      @Override
      public Object newCallbackThread(Runnable runnable, String name) {
        return super.newCallbackThread(withWorkflowMdc(runnable), name);
      }
    };
  }

  /** Workflow threads are pooled, so the fields are set for the runnable and removed after it. */
  private static Runnable withWorkflowMdc(Runnable runnable) {
    return () -> {
      WorkflowInfo info = Workflow.getInfo();
      Map<String, String> fields = new LinkedHashMap<>();
      fields.put(WORKFLOW_ID, info.getWorkflowId());
      fields.put(RUN_ID, info.getRunId());
      fields.put(WORKFLOW_TYPE, info.getWorkflowType());
      try (MdcScope ignored = MdcScope.put(fields)) {
        runnable.run();
      }
    };
  }

  /** Sets MDC keys and restores their previous values on close. */
  private record MdcScope(Map<String, String> previous) implements AutoCloseable {
    static MdcScope put(Map<String, String> fields) {
      Map<String, String> previous = new LinkedHashMap<>();
      fields.forEach((key, value) -> {
        previous.put(key, MDC.get(key));
        if (value == null) {
          MDC.remove(key);
        } else {
          MDC.put(key, value);
        }
      });
      return new MdcScope(previous);
    }

    @Override
    public void close() {
      previous.forEach((key, value) -> {
        if (value == null) {
          MDC.remove(key);
        } else {
          MDC.put(key, value);
        }
      });
    }
  }
}
