package dev.bosun.cli.operation;

import dev.bosun.cli.ExitCodes;
import dev.bosun.cli.temporal.TemporalSession;
import dev.bosun.worker.temporal.TemporalSettings;
import io.temporal.client.WorkflowStub;
import java.io.PrintWriter;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Starts a mutating operation and follows it, the same way for upgrade, drain, uncordon and the demo.
 *
 * <p>With no Temporal address it runs embedded (an in-process Temporal and worker) and watches to the
 * end: the run ends with this command. With an address it starts the workflow on that server (a
 * separate worker does the work) and then either draws it live ({@code --watch}) or waits quietly; a
 * quiet wait stops with exit 5 when the run needs an operator.
 */
public final class OperationRunner {

  public static final String EMBEDDED_NOTE =
      "no Temporal address given: running embedded (in-process Temporal and worker); the run ends with this command";

  private final PrintWriter out;
  private final PrintWriter err;
  private final boolean watch;
  private final boolean plain;
  private final OutputFormat output;
  private Resolver resolver = (s, session) -> false;

  /** Answers a run waiting for a human from inside this process (the demo's --auto-resolve). */
  public interface Resolver {
    /** @return true when it answered; false leaves the wait to a human */
    boolean resolve(LiveState waiting, TemporalSession session);
  }

  public OperationRunner(
      PrintWriter out, PrintWriter err, boolean watch, boolean plain, OutputFormat output) {
    this.out = out;
    this.err = err;
    this.watch = watch;
    this.plain = plain;
    this.output = output;
  }

  public OperationRunner resolvingWith(Resolver resolver) {
    this.resolver = resolver;
    return this;
  }

  /** Opens the session (embedded or not), starts and follows; returns the exit code. */
  public <R> int run(TemporalSettings requested, Map<String, String> env, OperationKind<R> kind) {
    if (requested.embedded()) {
      err.println(EMBEDDED_NOTE);
      err.flush();
    }
    try (TemporalSession session = TemporalSession.open(requested, env, true);
        InProcessWorker worker = session.isEmbedded() ? InProcessWorker.start(session) : null) {
      return startAndFollow(session, kind);
    }
  }

  /** Starts on an open session (with a worker somewhere) and follows. */
  public <R> int startAndFollow(TemporalSession session, OperationKind<R> kind) {
    return startAndFollow(session, kind, report -> {});
  }

  /** The same, handing the final report (when the run left one) to {@code kept} as well as printing it. */
  public <R> int startAndFollow(
      TemporalSession session, OperationKind<R> kind, Consumer<? super R> kept) {
    Mutation m = kind.mutation();
    WorkflowStub stub = m.start(session.client(), session.settings().taskQueue(), kind.input());
    String runId = stub.getExecution().getRunId();
    PrintWriter info = output == OutputFormat.JSON ? err : out;
    info.println("started " + m.workflowType() + " " + m.workflowId() + " (run " + runId + "): "
        + m.summary());
    info.flush();
    return follow(session, kind.follow(), m.workflowId(), m.cluster(), kept);
  }

  /** Follows a started operation to its end (or to an operator wait, when not watching). */
  public <R> int follow(
      TemporalSession session, Followed<R> kind, String workflowId, String cluster) {
    return follow(session, kind, workflowId, cluster, report -> {});
  }

  private <R> int follow(
      TemporalSession session,
      Followed<R> kind,
      String workflowId,
      String cluster,
      Consumer<? super R> kept) {
    boolean live = watch || session.isEmbedded();
    PrintWriter info = output == OutputFormat.JSON ? err : out;
    LiveView view = live && output == OutputFormat.TEXT
        ? LiveView.choose(out, plain)
        : live ? LiveView.choose(err, true) : LiveView.quiet(out);
    String address = session.settings().address();
    Thread detach = detachHint(info, workflowId, address, session.isEmbedded());
    Runtime.getRuntime().addShutdownHook(detach);
    Watch.Outcome<R> outcome;
    try {
      HintOnce hints = new HintOnce(info, cluster, address, session.isEmbedded());
      // a quiet wait, or an embedded run nobody else can answer, stops at the first human wait
      outcome = Watch.follow(session.client(), workflowId, kind, view, s -> {
        if (!hints.isNew(s)) {
          return false;
        }
        hints.show(s);
        return !resolver.resolve(s, session) && (!live || session.isEmbedded());
      });
    } finally {
      removeHook(detach);
    }
    if (!outcome.closed()) {
      info.println("waiting for an operator: " + outcome.stoppedAt().waiting().message());
      if (session.isEmbedded()) {
        info.println(
            "the embedded Temporal lives in this process and stops with it: the run ends here, as the table shows."
                + " To steer runs from another shell, start a server (temporal-dev/start), a worker (bosun worker --address 127.0.0.1:7233)"
                + " and run with --address 127.0.0.1:7233; bosun demo --auto-resolve retry|abort shows the whole flow.");
      }
      info.flush();
      return ExitCodes.WAITING_FOR_OPERATOR;
    }
    return report(kind, outcome, kept);
  }

  private <R> int report(Followed<R> kind, Watch.Outcome<R> outcome, Consumer<? super R> kept) {
    R result = outcome.result();
    if (result != null) {
      kept.accept(result);
      if (output == OutputFormat.JSON) {
        out.println(Json.write(result));
      } else {
        kind.print(result, out);
      }
      out.flush();
      if (outcome.failure() != null) {
        err.println("failed: " + Watch.reason(outcome.failure()));
        err.flush();
        return ExitCodes.FAILED;
      }
      return kind.exitCode(result);
    }
    String reason = outcome.failure() == null ? "no result" : Watch.reason(outcome.failure());
    if (output == OutputFormat.JSON) {
      out.println(Json.write(Map.of("outcome", "Failed", "reason", reason)));
      out.flush();
    }
    err.println("failed: " + reason);
    err.flush();
    return ExitCodes.FAILED;
  }

  /** Ctrl-C detaches: the run goes on on the server; say how to come back. */
  private static Thread detachHint(
      PrintWriter info, String workflowId, String address, boolean embedded) {
    return new Thread(
        () -> {
          info.println();
          if (embedded) {
            info.println(
                "interrupted: the embedded Temporal stops with this process; nodes stay as the last table shows");
          } else {
            info.println("detached: " + workflowId + " keeps running; re-attach with: bosun watch "
                + workflowId + " --address " + address);
          }
          info.flush();
        },
        "bosun-detach-hint");
  }

  private static void removeHook(Thread hook) {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // the JVM is already shutting down: the hook runs
    }
  }

  /** Prints the commands that answer a wait, once per wait. */
  private static final class HintOnce {
    private final PrintWriter info;
    private final String cluster;
    private final String address;
    private final boolean embedded;
    private String shown;

    HintOnce(PrintWriter info, String cluster, String address, boolean embedded) {
      this.info = info;
      this.cluster = cluster;
      this.address = address;
      this.embedded = embedded;
    }

    /** A wait not seen before (the same wait is shown and answered once). */
    boolean isNew(LiveState s) {
      String key = s.waiting() == null ? null : s.waiting().message();
      boolean fresh = key != null && !key.equals(shown);
      shown = key;
      return fresh;
    }

    void show(LiveState s) {
      info.println(s.waiting().message());
      info.println(
          embedded
              ? "answer it with one of (these reach the embedded server only from this process):"
              : "answer it with one of:");
      OperatorHints.commands(s.waiting(), cluster, address).forEach(c -> info.println("  " + c));
      info.flush();
    }
  }
}
