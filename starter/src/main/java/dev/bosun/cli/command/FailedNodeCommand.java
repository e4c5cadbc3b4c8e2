package dev.bosun.cli.command;

import dev.bosun.workflows.rules.TargetRules;
import java.util.concurrent.Callable;
import picocli.CommandLine.Parameters;

/** An operator's answer about the failed node an upgrade waits on ({@code retry}, {@code skip}): NODE [ID]. */
abstract class FailedNodeCommand extends OperatorCommand implements Callable<Integer> {

  @Parameters(
      index = "0",
      paramLabel = "NODE",
      description = "The failed node the upgrade waits on.")
  String node;

  @Parameters(
      index = "1",
      arity = "0..1",
      paramLabel = "ID",
      description = "The operation's workflow ID (or use --cluster).")
  String id;

  /** The workflow update that carries the answer. */
  abstract String update();

  @Override
  String id() {
    return id;
  }

  @Override
  public Integer call() {
    TargetRules.requireNodeName("NODE", node);
    return send(update(), node);
  }
}
