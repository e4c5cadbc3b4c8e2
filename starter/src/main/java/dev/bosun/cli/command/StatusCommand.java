package dev.bosun.cli.command;

import dev.bosun.cli.ExitCodes;
import dev.bosun.cli.inventory.InventoryLoader;
import dev.bosun.cli.inventory.InventoryOption;
import dev.bosun.cli.operation.Json;
import dev.bosun.cli.operation.LastRuns;
import dev.bosun.cli.operation.OutputFormat;
import dev.bosun.cli.temporal.TemporalOptions;
import dev.bosun.cli.temporal.TemporalSession;
import dev.bosun.workflows.BosunSearchAttributes;
import dev.bosun.workflows.Operations;
import dev.bosun.workflows.Phase;
import dev.bosun.workflows.WorkflowNames;
import dev.bosun.workflows.upgrade.UpgradeProgress;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionMetadata;
import io.temporal.common.SearchAttributes;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    description = {
      "The operations of a cluster (or of every cluster), newest first: workflow ID, operation, phase, target,",
      "nodes done/total, started. Uses the server's visibility queries (BosunCluster='C'): needs a real server.",
      "An upgrade waiting for its maintenance window gets a line under its row:",
      "  waiting for window (opens Sat 02:00 Europe/Paris, in 5h 12m)",
      "For one cluster (-i or --cluster), the last backup and the last restore drill follow, with their results",
      "(BosunBackupResult, BosunDrillResult), or 'none yet'; scheduled runs (bosun schedule) count as any other.",
      "A minor-version chain shows its running hop's phase and nodes, and the hop under its row:",
      "  hop 2 of 2: v1.31.9 → v1.32.4 (bosun:lab1:upgrade:v1.32.4: Workers, 2/4 nodes)"
    },
    footer = {
      "",
      "Examples:",
      "  bosun status -i lab.yaml --address 127.0.0.1:7233",
      "  bosun status --cluster lab1 --address 127.0.0.1:7233",
      "  bosun status --output json --address 127.0.0.1:7233",
      "",
      "Exit: 0 listed, 2 bad input or the server has no visibility queries (e.g. the embedded test server), 3 unreachable."
    })
public final class StatusCommand implements Callable<Integer> {

  private static final int LIMIT = 50;

  @Spec
  CommandSpec spec;

  @Mixin
  TemporalOptions temporal;

  @Option(
      names = {"-c", "--cluster"},
      paramLabel = "CLUSTER",
      description = "Only this cluster's operations.")
  String cluster;

  @Option(
      names = {"-i", "--inventory"},
      paramLabel = "FILE",
      description = "The cluster's inventory YAML: its cluster, as --cluster.")
  Path inventory;

  @Option(
      names = "--all",
      description =
          "Also list the child workflows: each node's (node-upgrade) and each hop's of a minor-version chain"
              + " (upgrade-hop).")
  boolean all;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FORMAT",
      defaultValue = "text",
      description = "text or json. Default: ${DEFAULT-VALUE}.")
  OutputFormat output;

  /** One line of the list. */
  public record Row(
      String workflowId,
      String runId,
      String type,
      String operation,
      String phase,
      String target,
      Long nodesDone,
      Long nodesTotal,
      String status,
      String started,
      String waiting,
      String result) {}

  @Override
  public Integer call() {
    if (inventory != null) {
      if (cluster != null) {
        throw new IllegalArgumentException("give --inventory or --cluster, not both");
      }
      cluster = InventoryOption.load(
              inventory, new InventoryLoader(), spec.commandLine().getErr())
          .cluster();
    }
    Flags.cluster(cluster);
    // no ORDER BY: the dev server's SQLite visibility refuses it; servers list newest first, and we
    // sort anyway
    String query = cluster == null ? "BosunCluster IS NOT NULL" : "BosunCluster='" + cluster + "'";
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try (TemporalSession session =
        TemporalSession.open(temporal.settings(), System.getenv(), true)) {
      List<Row> rows;
      try {
        rows = session
            .client()
            .listExecutions(query)
            .limit(LIMIT)
            .map(StatusCommand::row)
            .filter(r -> all
                || !(Operations.NODE_UPGRADE.equals(r.operation())
                    || Operations.UPGRADE_HOP.equals(r.operation())))
            .sorted(java.util.Comparator.comparing(Row::started).reversed())
            .map(r -> withWindow(session.client(), r))
            .map(r -> withHop(session.client(), r))
            .toList();
      } catch (StatusRuntimeException e) {
        if (e.getStatus().getCode() != Status.Code.UNIMPLEMENTED) {
          throw e;
        }
        err.println(spec.qualifiedName() + ": "
            + (session.isEmbedded()
                ? "the embedded Temporal"
                : "the server at " + session.settings().address())
            + " has no visibility queries (ListWorkflowExecutions is UNIMPLEMENTED), so bosun cannot list operations there."
            + " Start a dev server with temporal-dev/start and use --address 127.0.0.1:7233 (or TEMPORAL_ADDRESS);"
            + " to follow one operation you know, use bosun watch bosun:<cluster>.");
        return ExitCodes.BAD_INPUT;
      }
      if (output == OutputFormat.JSON) {
        out.println(Json.write(rows));
      } else if (rows.isEmpty()) {
        out.println("no operations" + (cluster == null ? "" : " on cluster " + cluster));
      } else {
        String format = "%-34s %-12s %-17s %-9s %-7s %-11s %s";
        out.println(String.format(
            format, "WORKFLOW ID", "OPERATION", "PHASE", "TARGET", "NODES", "STATUS", "STARTED"));
        for (Row r : rows) {
          out.println(String.format(
              format,
              r.workflowId(),
              nz(r.operation()),
              nz(r.phase()),
              nz(r.target()),
              (r.nodesDone() == null ? "-" : r.nodesDone()) + "/"
                  + (r.nodesTotal() == null ? "-" : r.nodesTotal()),
              r.status(),
              r.started()));
          if (r.waiting() != null) {
            out.println("  " + r.waiting());
          }
        }
      }
      if (output == OutputFormat.TEXT && cluster != null) {
        for (LastRuns.Kind kind : LastRuns.Kind.values()) {
          LastRuns.LastRun last = LastRuns.of(session.client(), cluster, kind);
          out.println(last == null ? LastRuns.none(kind) : last.line());
        }
      }
      out.flush();
      return ExitCodes.DONE;
    }
  }

  private static Row row(WorkflowExecutionMetadata m) {
    SearchAttributes sa = m.getTypedSearchAttributes();
    return new Row(
        m.getExecution().getWorkflowId(),
        m.getExecution().getRunId(),
        m.getWorkflowType(),
        sa.get(BosunSearchAttributes.OPERATION),
        sa.get(BosunSearchAttributes.PHASE),
        sa.get(BosunSearchAttributes.TARGET_VERSION),
        sa.get(BosunSearchAttributes.NODES_DONE),
        sa.get(BosunSearchAttributes.NODES_TOTAL),
        m.getStatus().name().replace("WORKFLOW_EXECUTION_STATUS_", "").toLowerCase(),
        String.valueOf(m.getStartTime()),
        null,
        result(sa));
  }

  /** A backup's or a drill's result attribute; null for the other operations. */
  private static String result(SearchAttributes sa) {
    String backup = sa.get(BosunSearchAttributes.BACKUP_RESULT);
    return backup != null ? backup : sa.get(BosunSearchAttributes.DRILL_RESULT);
  }

  /**
   * An upgrade waiting for its maintenance window says until when, from its progress query (a worker answers it;
   * without one the row stays as it is).
   */
  private static Row withWindow(WorkflowClient client, Row r) {
    return withProgress(client, r, Phase.WAITING_FOR_WINDOW, p -> {
      if (p.window() == null) {
        return r;
      }
      return new Row(
          r.workflowId(),
          r.runId(),
          r.type(),
          r.operation(),
          r.phase(),
          r.target(),
          r.nodesDone(),
          r.nodesTotal(),
          r.status(),
          r.started(),
          p.window().text(Instant.now()),
          r.result());
    });
  }

  /** A running minor-version chain says which hop runs: "hop 2 of 2: v1.31.9 → v1.32.4 (its workflow ID, phase)". */
  private static Row withHop(WorkflowClient client, Row r) {
    return withProgress(client, r, Phase.HOPS, p -> {
      if (p.chain() == null || p.chain().currentTitle() == null) {
        return r;
      }
      String id = p.chain().currentWorkflowId();
      UpgradeProgress hop =
          client.newUntypedWorkflowStub(id).query(WorkflowNames.PROGRESS, UpgradeProgress.class);
      String line = p.chain().currentTitle() + " (" + id + ": " + hop.phase() + ", "
          + hop.nodesDone() + "/" + hop.nodesTotal() + " nodes)";
      return new Row(
          r.workflowId(),
          r.runId(),
          r.type(),
          r.operation(),
          hop.phase() == null ? r.phase() : hop.phase().label(),
          r.target(),
          (long) hop.nodesDone(),
          r.nodesTotal(),
          r.status(),
          r.started(),
          r.waiting() == null ? line : line + "; " + r.waiting(),
          r.result());
    });
  }

  /**
   * The row of a running upgrade in {@code phase}, redone from its progress query; as it is for other rows (a query
   * waits for a worker, and they need none) and when no worker answers.
   */
  private static Row withProgress(
      WorkflowClient client, Row r, Phase phase, Function<UpgradeProgress, Row> redo) {
    if (!phase.label().equals(r.phase()) || !"running".equals(r.status())) {
      return r;
    }
    try {
      return redo.apply(client
          .newUntypedWorkflowStub(r.workflowId())
          .query(WorkflowNames.PROGRESS, UpgradeProgress.class));
    } catch (RuntimeException e) {
      return r;
    }
  }

  private static String nz(String s) {
    return s == null || s.isEmpty() ? "-" : s;
  }
}
