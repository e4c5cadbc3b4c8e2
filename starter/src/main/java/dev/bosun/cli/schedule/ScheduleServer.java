package dev.bosun.cli.schedule;

import dev.bosun.cli.temporal.TemporalSession;
import dev.bosun.worker.temporal.TemporalConnection;
import dev.bosun.worker.temporal.TemporalSettings;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.client.schedules.ScheduleClient;
import io.temporal.client.schedules.ScheduleException;
import io.temporal.client.schedules.ScheduleHandle;
import java.util.Map;
import java.util.function.Function;

/**
 * A connection to a Temporal server that has Schedules. The embedded test server has none, so without an address
 * nothing starts; a server that answers UNIMPLEMENTED (a port-bound test server) is refused the same way.
 */
public final class ScheduleServer implements AutoCloseable {

  public static final String NO_SCHEDULES =
      " has no Temporal Schedules (the embedded test server implements none). Start a dev server with temporal-dev/start"
          + " and give --address 127.0.0.1:7233 (or TEMPORAL_ADDRESS); a worker must poll it (bosun worker --address …)"
          + " for the scheduled runs to do anything";

  private final TemporalSession session;
  private final ScheduleClient schedules;

  private ScheduleServer(TemporalSession session) {
    this.session = session;
    this.schedules = TemporalConnection.scheduleClient(session.stubs(), session.settings());
  }

  /**
   * @throws IllegalArgumentException no address: the embedded server has no schedules (exit 2)
   */
  public static ScheduleServer open(TemporalSettings requested, Map<String, String> env) {
    if (requested.embedded()) {
      throw new IllegalArgumentException(
          "no Temporal address given, and the embedded Temporal" + NO_SCHEDULES);
    }
    return new ScheduleServer(TemporalSession.open(requested, env, false));
  }

  public TemporalSession session() {
    return session;
  }

  /** Runs a call on the schedule client; UNIMPLEMENTED becomes the "no schedules here" refusal. */
  public <T> T call(Function<ScheduleClient, T> call) {
    try {
      return call.apply(schedules);
    } catch (StatusRuntimeException e) {
      throw unimplemented(e);
    } catch (ScheduleException e) {
      if (e.getCause() instanceof StatusRuntimeException s) {
        throw unimplemented(s);
      }
      throw e;
    }
  }

  /** {@link #call} on one schedule: NOT_FOUND names it. */
  public <T> T callOn(String scheduleId, Function<ScheduleHandle, T> call) {
    try {
      return call(c -> call.apply(c.getHandle(scheduleId)));
    } catch (StatusRuntimeException e) {
      throw notFound(scheduleId, e);
    } catch (ScheduleException e) {
      throw e.getCause() instanceof StatusRuntimeException s ? notFound(scheduleId, s) : e;
    }
  }

  private RuntimeException notFound(String scheduleId, StatusRuntimeException e) {
    if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
      return new IllegalArgumentException("no schedule " + scheduleId + " on the server at "
          + session.settings().address() + " (bosun schedule list shows the schedules there are)");
    }
    return e;
  }

  private RuntimeException unimplemented(StatusRuntimeException e) {
    if (e.getStatus().getCode() == Status.Code.UNIMPLEMENTED) {
      return new IllegalArgumentException(
          "the server at " + session.settings().address() + NO_SCHEDULES);
    }
    return e;
  }

  @Override
  public void close() {
    session.close();
  }
}
