package dev.bosun.cli.command;

import dev.bosun.cli.ExitCodes;
import dev.bosun.cli.inventory.InventoryOption;
import dev.bosun.cli.operation.InProcessWorker;
import dev.bosun.cli.operation.Json;
import dev.bosun.cli.operation.OperationRunner;
import dev.bosun.cli.operation.OutputFormat;
import dev.bosun.cli.operation.ReadOnlyRun;
import dev.bosun.cli.operation.Watch;
import dev.bosun.cli.plan.HopPlanText;
import dev.bosun.cli.plan.InitPlan;
import dev.bosun.cli.plan.PlanSteps;
import dev.bosun.cli.plan.WindowPlan;
import dev.bosun.cli.temporal.TemporalOptions;
import dev.bosun.cli.temporal.TemporalSession;
import dev.bosun.workflows.BosunSearchAttributes;
import dev.bosun.workflows.Operations;
import dev.bosun.workflows.WorkflowIds;
import dev.bosun.workflows.WorkflowNames;
import dev.bosun.workflows.model.Inventory;
import dev.bosun.workflows.model.KubeVersion;
import dev.bosun.workflows.model.UpgradeSpec;
import dev.bosun.workflows.upgrade.PreflightFinding;
import dev.bosun.workflows.upgrade.PreflightText;
import dev.bosun.workflows.upgrade.UpgradePlanReport;
import dev.bosun.workflows.upgrade.UpgradeRequest;
import io.temporal.client.WorkflowFailedException;
import io.temporal.common.SearchAttributes;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
    name = "plan",
    mixinStandardHelpOptions = true,
    description = {
      "Show the preflight findings of an upgrade and every step on every host in order, with the exact commands,",
      "reading only: nothing changes anywhere (the same preflight as the upgrade, without switching repositories).",
      "The exact package version (e.g. 1.31.2-1.1) comes from the target minor's Packages index, read with curl on",
      "the first control plane; when it cannot be read the steps show 1.31.2-REV and the packages finding says why.",
      "More than one minor up (a minor-version chain) it shows every hop: versions, the minor's repository and package,",
      "its etcd snapshot and guards; then hop 1's preflight and every hop's steps. A hop no repository serves blocks.",
      "'bosun plan init' shows what bosun init would do instead: every VM and command, in order, without contacting anything."
    },
    footer = {
      "",
      "Examples:",
      "  bosun plan -i lab.yaml --to v1.31.2",
      "  bosun plan -i lab.yaml --to v1.31.2 --max-unavailable 2 --output json",
      "  bosun plan -i lab.yaml --to v1.32.4                      # from v1.30: both hops",
      "  bosun plan init -i lab.yaml",
      "",
      "Exit: 0 the upgrade could start, 1 a blocker would stop it (listed), 2 bad input, 3 Temporal unreachable."
    })
public final class PlanCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Mixin
  InventoryOption inventory;

  @Mixin
  TemporalOptions temporal;

  @Parameters(
      index = "0",
      arity = "0..1",
      paramLabel = "init",
      description = "'init': plan bosun init instead of an upgrade.")
  String what;

  @Option(
      names = "--to",
      paramLabel = "vX.Y.Z",
      description = "Target Kubernetes version, e.g. v1.31.2 (required for an upgrade plan).")
  String to;

  @Option(
      names = "--max-unavailable",
      paramLabel = "N|P%",
      description = "Workers per batch (changes the order shown). Default: the inventory's.")
  String maxUnavailable;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FORMAT",
      defaultValue = "text",
      description = "text or json. Default: ${DEFAULT-VALUE}.")
  OutputFormat output;

  @Override
  public Integer call() {
    if (what != null) {
      return planInit();
    }
    if (to == null) {
      throw new IllegalArgumentException(
          "--to is required: the target version of the upgrade to plan (or: bosun plan init -i FILE)");
    }
    KubeVersion target = UpgradeCommand.parseTarget(to);
    UpgradeCommand.checkMaxUnavailable(maxUnavailable); // before anything starts, as upgrade does
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Inventory inv = inventory.loadBuilt(err);
    UpgradeSpec base = inv.upgrade() == null ? UpgradeSpec.defaults() : inv.upgrade();
    UpgradeSpec options = maxUnavailable == null ? base : base.withMaxUnavailable(maxUnavailable);
    if (temporal.settings().embedded()) {
      err.println(OperationRunner.EMBEDDED_NOTE);
    }
    try (TemporalSession session =
            TemporalSession.open(temporal.settings(), System.getenv(), true);
        InProcessWorker worker = session.isEmbedded() ? InProcessWorker.start(session) : null) {
      UpgradePlanReport report;
      try {
        report = plan(session, inv, target, options);
      } catch (WorkflowFailedException e) {
        throw new IllegalArgumentException("plan refused: " + Watch.reason(e));
      }
      List<PlanSteps.NodePlan> nodes = PlanSteps.of(inv, report);
      List<HopPlanText.Hop> hops = HopPlanText.hops(inv, options, report);
      Instant now = Instant.now();
      WindowPlan windows = WindowPlan.of(options, now);
      if (output == OutputFormat.JSON) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("plan", report);
        json.put("blocked", report.blocked());
        json.put("nodes", nodes);
        if (!hops.isEmpty()) {
          json.put("hops", hops);
        }
        json.put("windows", windows);
        out.println(Json.write(json));
      } else {
        if (hops.isEmpty()) {
          print(out, report, nodes);
        } else {
          HopPlanText.print(out, report, hops);
        }
        out.println();
        windows.print(out, now);
      }
      out.flush();
      return report.blocked() ? ExitCodes.FAILED : ExitCodes.DONE;
    }
  }

  /** bosun plan init: offline, from the inventory and the command files alone. */
  private int planInit() {
    if (!"init".equals(what)) {
      throw new IllegalArgumentException(
          "plan takes 'init' or nothing (an upgrade plan with --to), got '" + what + "'");
    }
    if (to != null || maxUnavailable != null || output == OutputFormat.JSON) {
      throw new IllegalArgumentException(
          "bosun plan init takes only -i (--to, --max-unavailable and --output are for upgrade plans)");
    }
    new InitPlan(inventory.load(spec.commandLine().getErr()), spec.commandLine().getOut()).print();
    return ExitCodes.DONE;
  }

  private static UpgradePlanReport plan(
      TemporalSession session, Inventory inv, KubeVersion target, UpgradeSpec options) {
    return ReadOnlyRun.run(
        session,
        WorkflowNames.PLAN_UPGRADE,
        WorkflowIds.plan(inv.cluster(), ReadOnlyRun.stamp()),
        "Plan " + inv.cluster() + " " + inv.kubernetes().version() + " → " + target
            + " (read-only)",
        SearchAttributes.newBuilder()
            .set(BosunSearchAttributes.CLUSTER, inv.cluster())
            .set(BosunSearchAttributes.OPERATION, Operations.PLAN)
            .set(BosunSearchAttributes.TARGET_VERSION, target.toString())
            .set(BosunSearchAttributes.NODES_TOTAL, (long) inv.nodes().size())
            .build(),
        UpgradeRequest.fresh(inv, target, options),
        UpgradePlanReport.class);
  }

  private static void print(PrintWriter out, UpgradePlanReport r, List<PlanSteps.NodePlan> nodes) {
    out.println("Plan: upgrade " + r.cluster() + " " + r.from() + " → " + r.target()
        + (r.packageVersion() == null ? "" : " (packages " + r.packageVersion() + ")")
        + (r.blocked() ? ": BLOCKED" : ""));
    if (r.packageVersion() == null) {
      String placeholder = PlanSteps.unresolved(KubeVersion.parse(r.target()));
      out.println("(" + placeholder
          + ": the Debian revision, e.g. 1.31.2-1.1, was not read from the "
          + KubeVersion.parse(r.target()).minorLabel()
          + " package index: see the packages finding; the upgrade reads it with apt-cache madison once the"
          + " repository points there)");
    }
    out.println();
    out.println("Preflight:");
    for (PreflightFinding f : r.findings()) {
      out.println("  " + PreflightText.row(f));
    }
    out.println();
    out.println("Steps, in order (nothing was changed):");
    PlanSteps.print(out, nodes);
    if (r.blocked()) {
      out.println();
      out.println("The upgrade would not start: fix the blockers above first.");
    }
  }
}
