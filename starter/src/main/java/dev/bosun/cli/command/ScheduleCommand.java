package dev.bosun.cli.command;

import dev.bosun.cli.ExitCodes;
import dev.bosun.cli.inventory.InventoryOption;
import dev.bosun.cli.operation.BackupOperation;
import dev.bosun.cli.operation.DrillOperation;
import dev.bosun.cli.operation.OperationKind;
import dev.bosun.cli.schedule.ScheduleServer;
import dev.bosun.cli.schedule.ScheduleSettings;
import dev.bosun.cli.schedule.ScheduleText;
import dev.bosun.cli.schedule.ScheduledOperations;
import dev.bosun.cli.temporal.TemporalOptions;
import dev.bosun.workflows.Operations;
import dev.bosun.workflows.backup.BackupPlan;
import dev.bosun.workflows.drill.DrillPlan;
import dev.bosun.workflows.drill.DrillRequest;
import dev.bosun.workflows.model.Inventory;
import dev.bosun.workflows.rules.Syntax;
import io.temporal.client.schedules.ScheduleAlreadyRunningException;
import io.temporal.client.schedules.ScheduleBackfill;
import io.temporal.client.schedules.ScheduleHandle;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
    name = "schedule",
    mixinStandardHelpOptions = true,
    description = {
      "Run backups and restore drills on a Temporal Schedule. Each scheduled",
      "run is the same workflow, input and search attributes as the command",
      "('bosun backup', 'bosun drill'); its workflow ID is",
      "bosun:<cluster>-<fire time>. Needs a Temporal server with Schedules",
      "(temporal-dev/start); the embedded test server has none."
    },
    subcommands = {
      ScheduleCommand.Create.class,
      ScheduleCommand.ListSchedules.class,
      ScheduleCommand.Describe.class,
      ScheduleCommand.Pause.class,
      ScheduleCommand.Unpause.class,
      ScheduleCommand.Trigger.class,
      ScheduleCommand.Backfill.class,
      ScheduleCommand.Delete.class
    },
    footer = {
      "",
      "Examples:",
      "  bosun schedule create backup -i lab.yaml --cron '0 3 * * SUN' \\",
      "      --timezone Europe/Paris --address 127.0.0.1:7233",
      "  bosun schedule create drill -i lab.yaml --cron '0 5 * * SUN' \\",
      "      --address 127.0.0.1:7233",
      "  bosun schedule list --address 127.0.0.1:7233",
      "  bosun schedule trigger bosun:lab1:backup --address 127.0.0.1:7233",
      "",
      "Exit: 0 done; 2 a bad flag, an invalid inventory, an unknown or existing",
      "schedule, or a server without schedules (no --address: the embedded test",
      "server); 3 Temporal unreachable."
    })
public final class ScheduleCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getOut());
    return ExitCodes.DONE;
  }

  static final List<String> OPERATIONS = List.of(Operations.BACKUP, Operations.DRILL);

  /**
   * The operation a schedule runs, built as its command builds it (its plan checks every rule before the schedule
   * exists); a scheduled drill drills the latest verified backup at each fire time.
   */
  public static OperationKind<?> operation(String name, Inventory inv) {
    long now = System.currentTimeMillis();
    return switch (name) {
      case Operations.BACKUP -> new BackupOperation(inv, BackupPlan.of(inv, now));
      case Operations.DRILL -> {
        DrillRequest request = new DrillRequest(inv, null, null);
        yield new DrillOperation(request, DrillPlan.of(inv, request, now));
      }
      default ->
        throw new IllegalArgumentException(
            "OPERATION '" + name + "' must be one of " + String.join(", ", OPERATIONS));
    };
  }

  @Command(
      name = "create",
      mixinStandardHelpOptions = true,
      description = {
        "Create the schedule of an operation on the inventory's cluster.",
        "Its ID: bosun:<cluster>:<operation> (or --id).",
        "",
        "Cluster exclusion: a scheduled run does not hold the cluster's lock ID",
        "bosun:<cluster>, so it checks for itself: a scheduled backup or drill",
        "that fires while an upgrade, drain, drill or other operation runs under",
        "bosun:<cluster> fails at its first step (BosunBackupResult or",
        "BosunDrillResult failed, 'cluster busy' naming the operation) before",
        "touching anything; the next fire time tries again. Two drill schedules",
        "of one cluster do not exclude each other's runs: keep one per cluster.",
        "While a scheduled run runs, 'bosun upgrade' (and every other operation)",
        "is refused with exit 4. --overlap decides only about the schedule's own",
        "previous run.",
        "",
        "The inventory is read now and becomes every run's input: after editing",
        "it, delete and create the schedule again."
      },
      footer = {
        "",
        "Examples:",
        "  bosun schedule create backup -i lab.yaml --cron '0 3 * * SUN' \\",
        "      --address 127.0.0.1:7233",
        "  bosun schedule create drill -i lab.yaml --cron '0 5 * * SUN' \\",
        "      --address 127.0.0.1:7233",
        "  bosun schedule create backup -i lab.yaml --cron '30 2 * * *' \\",
        "      --timezone Europe/Paris --jitter 10m --overlap buffer-one \\",
        "      --address 127.0.0.1:7233"
      })
  static final class Create implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "OPERATION", description = "backup or drill.")
    String operation;

    @Mixin
    InventoryOption inventory;

    @Mixin
    TemporalOptions temporal;

    @Option(
        names = "--cron",
        required = true,
        paramLabel = "CRON",
        description =
            "Five fields: minute hour day-of-month month day-of-week, e.g. '0 3 * * SUN'.")
    String cron;

    @Option(
        names = "--timezone",
        paramLabel = "ZONE",
        defaultValue = "UTC",
        description = "IANA zone the cron is read in. Default: ${DEFAULT-VALUE}.")
    String timeZone;

    @Option(
        names = "--jitter",
        paramLabel = "DURATION",
        defaultValue = "0",
        description =
            "Start each run up to this much later (30s, 10m, 1h; at most 24h). Default: ${DEFAULT-VALUE}.")
    String jitter;

    @Option(
        names = "--overlap",
        paramLabel = "POLICY",
        defaultValue = "skip",
        description =
            "When the schedule's previous run still runs: skip (no new run) or buffer-one (one waits). Default: ${DEFAULT-VALUE}.")
    String overlap;

    @Option(
        names = "--id",
        paramLabel = "NAME",
        description = "Schedule ID. Default: bosun:<cluster>:<operation>.")
    String id;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      if (!OPERATIONS.contains(operation)) {
        throw new IllegalArgumentException(
            "OPERATION '" + operation + "' must be one of " + String.join(", ", OPERATIONS));
      }
      ScheduleSettings settings = ScheduleSettings.of(cron, timeZone, jitter, overlap);
      if (id != null && !Syntax.isWorkflowId(id)) {
        throw new IllegalArgumentException("--id '" + id + "' " + SCHEDULE_ID_RULE);
      }
      Inventory inv = inventory.loadBuilt(err);
      OperationKind<?> kind = operation(operation, inv);
      String scheduleId =
          id != null ? id : ScheduledOperations.scheduleId(inv.cluster(), operation);
      try (ScheduleServer server = ScheduleServer.open(temporal.settings(), System.getenv())) {
        String queue = server.session().settings().taskQueue();
        ScheduleHandle handle = server.call(c -> c.createSchedule(
            scheduleId,
            ScheduledOperations.schedule(kind, queue, settings),
            ScheduledOperations.options(kind, settings)));
        out.println(
            "created schedule " + handle.getId() + ": " + kind.mutation().workflowType()
                + " of " + inv.cluster() + " at '" + settings.cron() + "' in " + settings.timeZone()
                + ", overlap " + settings.overlap().label() + "; runs on task queue " + queue
                + " (a worker must poll it)");
        out.flush();
        return ExitCodes.DONE;
      } catch (ScheduleAlreadyRunningException e) {
        throw new IllegalArgumentException("schedule " + scheduleId
            + " exists already: see it with bosun schedule describe " + scheduleId
            + ", or delete it first");
      }
    }
  }

  static final String SCHEDULE_ID_RULE =
      "must be a schedule ID: letters, digits and : . _ / -, at most 255 characters, e.g. bosun:lab1:backup";

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description =
          "The schedules on the server (or of one cluster): ID, workflow, state, next run, last run.",
      footer = {"", "Example:", "  bosun schedule list --cluster lab1 --address 127.0.0.1:7233"})
  static final class ListSchedules implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    TemporalOptions temporal;

    @Option(
        names = {"-c", "--cluster"},
        paramLabel = "CLUSTER",
        description = "Only this cluster's schedules (IDs bosun:<cluster>:…).")
    String cluster;

    @Override
    public Integer call() {
      Flags.cluster(cluster);
      try (ScheduleServer server = ScheduleServer.open(temporal.settings(), System.getenv())) {
        var all = server.call(c -> c.listSchedules(100)
            .filter(s -> cluster == null
                || s.getScheduleId().startsWith(ScheduledOperations.clusterPrefix(cluster)))
            .sorted(java.util.Comparator.comparing(s -> s.getScheduleId()))
            .toList());
        spec.commandLine().getOut().print(ScheduleText.list(all));
        spec.commandLine().getOut().flush();
        return ExitCodes.DONE;
      }
    }
  }

  /** A command on one schedule, named by its ID. */
  abstract static class OnSchedule implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "SCHEDULE_ID", description = "e.g. bosun:lab1:backup.")
    String scheduleId;

    @Mixin
    TemporalOptions temporal;

    /** Checks the command's own flags (before any call). */
    void check() {}

    abstract String act(ScheduleHandle handle);

    @Override
    public Integer call() {
      if (!Syntax.isWorkflowId(scheduleId)) {
        throw new IllegalArgumentException("SCHEDULE_ID '" + scheduleId + "' " + SCHEDULE_ID_RULE);
      }
      check();
      try (ScheduleServer server = ScheduleServer.open(temporal.settings(), System.getenv())) {
        String said = server.callOn(scheduleId, this::act);
        spec.commandLine().getOut().print(said);
        spec.commandLine().getOut().flush();
        return ExitCodes.DONE;
      }
    }
  }

  @Command(
      name = "describe",
      mixinStandardHelpOptions = true,
      description =
          "A schedule: its workflow, cron and zone, jitter, overlap, state, runs (started, skipped), recent and next runs.",
      footer = {
        "",
        "Example:",
        "  bosun schedule describe bosun:lab1:backup --address 127.0.0.1:7233"
      })
  static final class Describe extends OnSchedule {
    @Override
    String act(ScheduleHandle handle) {
      return ScheduleText.describe(handle.describe());
    }
  }

  @Command(
      name = "pause",
      mixinStandardHelpOptions = true,
      description = "Pause a schedule: no run starts until unpause (a running one goes on).",
      footer = {
        "",
        "Example:",
        "  bosun schedule pause bosun:lab1:backup --note 'NAS swap' \\",
        "      --address 127.0.0.1:7233"
      })
  static final class Pause extends OnSchedule {
    @Option(
        names = "--note",
        paramLabel = "TEXT",
        description = "Why (shown by describe and the UI).")
    String note;

    @Override
    String act(ScheduleHandle handle) {
      handle.pause(note == null ? "paused by bosun schedule pause" : note);
      return "paused " + handle.getId() + "\n";
    }
  }

  @Command(
      name = "unpause",
      mixinStandardHelpOptions = true,
      description =
          "Resume a paused schedule from its next fire time (missed times are not run; see backfill).",
      footer = {
        "",
        "Example:",
        "  bosun schedule unpause bosun:lab1:backup --address 127.0.0.1:7233"
      })
  static final class Unpause extends OnSchedule {
    @Override
    String act(ScheduleHandle handle) {
      handle.unpause("unpaused by bosun schedule unpause");
      return "unpaused " + handle.getId() + "\n";
    }
  }

  @Command(
      name = "trigger",
      mixinStandardHelpOptions = true,
      description =
          "Start a run now, under the schedule's overlap policy (with skip, nothing starts while its previous run runs).",
      footer = {
        "",
        "Example:",
        "  bosun schedule trigger bosun:lab1:backup --address 127.0.0.1:7233"
      })
  static final class Trigger extends OnSchedule {
    @Override
    String act(ScheduleHandle handle) {
      handle.trigger();
      return "triggered " + handle.getId() + ": see the run with bosun schedule describe "
          + handle.getId() + "\n";
    }
  }

  @Command(
      name = "backfill",
      mixinStandardHelpOptions = true,
      description =
          "Run the fire times of a past period (--from inclusive, --to exclusive), under the overlap policy.",
      footer = {
        "",
        "Example:",
        "  bosun schedule backfill bosun:lab1:backup --from 2026-11-29T00:00:00Z \\",
        "      --to 2026-12-06T00:00:00Z --address 127.0.0.1:7233"
      })
  static final class Backfill extends OnSchedule {
    @Option(
        names = "--from",
        required = true,
        paramLabel = "INSTANT",
        description = "Start, ISO-8601 UTC, e.g. 2026-11-29T00:00:00Z.")
    String from;

    @Option(
        names = "--to",
        required = true,
        paramLabel = "INSTANT",
        description = "End, ISO-8601 UTC.")
    String to;

    private Instant start;
    private Instant end;

    @Override
    void check() {
      start = instant("--from", from);
      end = instant("--to", to);
      if (!start.isBefore(end)) {
        throw new IllegalArgumentException("--to '" + to + "' must be after --from '" + from + "'");
      }
    }

    private static Instant instant(String flag, String text) {
      try {
        return Instant.parse(text);
      } catch (DateTimeParseException e) {
        throw new IllegalArgumentException(
            flag + " '" + text + "' must be an ISO-8601 UTC instant such as 2026-11-29T03:00:00Z");
      }
    }

    @Override
    String act(ScheduleHandle handle) {
      handle.backfill(List.of(new ScheduleBackfill(start, end)));
      return "backfilling " + handle.getId() + " from " + start + " to " + end
          + ": see the runs with bosun schedule describe " + handle.getId() + "\n";
    }
  }

  @Command(
      name = "delete",
      mixinStandardHelpOptions = true,
      description = "Delete a schedule; runs it started go on.",
      footer = {"", "Example:", "  bosun schedule delete bosun:lab1:backup --address 127.0.0.1:7233"
      })
  static final class Delete extends OnSchedule {
    @Override
    String act(ScheduleHandle handle) {
      handle.delete();
      return "deleted " + handle.getId() + "\n";
    }
  }
}
