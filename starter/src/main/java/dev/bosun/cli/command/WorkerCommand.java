package dev.bosun.cli.command;

import dev.bosun.cli.ExitCodes;
import dev.bosun.cli.operation.InProcessWorker;
import dev.bosun.cli.temporal.TemporalOptions;
import dev.bosun.cli.temporal.TemporalSession;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "worker",
    mixinStandardHelpOptions = true,
    description = {
      "Run a Bosun worker (every workflow and activity; the worker module's embedded Micronaut context) against",
      "a Temporal server, until Ctrl-C: then it stops taking tasks and lets running ones finish (graceful)."
    },
    footer = {
      "",
      "Example:",
      "  bosun worker --address 127.0.0.1:7233      # after temporal-dev/start",
      "",
      "Exit: 0 after a graceful stop, 2 no --address, 3 Temporal unreachable."
    })
public final class WorkerCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Mixin
  TemporalOptions temporal;

  @Option(
      names = "--shutdown-grace",
      paramLabel = "DURATION",
      defaultValue = "30s",
      description =
          "How long running activities may finish after Ctrl-C. Default: ${DEFAULT-VALUE}.")
  String shutdownGrace;

  @Override
  public Integer call() throws InterruptedException {
    Flags.duration(
        "--shutdown-grace", shutdownGrace); // bad value → exit 2 naming the flag and the rule
    PrintWriter out = spec.commandLine().getOut();
    TemporalSession session = TemporalSession.open(temporal.settings(), System.getenv(), false);
    InProcessWorker worker;
    try {
      worker = InProcessWorker.start(session, shutdownGrace);
    } catch (RuntimeException e) {
      session.close();
      throw e;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(new Thread(
            () -> {
              out.println(
                  "stopping: no new tasks; running ones have " + shutdownGrace + " to finish");
              out.flush();
              worker.close();
              session.close();
              stopped.countDown();
            },
            "bosun-worker-shutdown"));
    out.println("bosun worker polling task queue " + session.settings().taskQueue() + " on "
        + session.settings().address() + " (namespace " + session.settings().namespace()
        + "); Ctrl-C stops it gracefully");
    out.flush();
    stopped.await();
    return ExitCodes.DONE;
  }
}
