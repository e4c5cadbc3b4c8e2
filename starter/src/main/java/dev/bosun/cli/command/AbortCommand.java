package dev.bosun.cli.command;

import dev.bosun.workflows.WorkflowNames;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "abort",
    mixinStandardHelpOptions = true,
    description = {
      "Abort the running operation. An upgrade: no new node starts, nodes in flight finish their upgrade, a node",
      "waiting for an operator is compensated (a worker gets its packages back; no control plane is downgraded),",
      "cordons Bosun made are undone. An init: kubeadm reset on what joined, then the VMs it created are destroyed",
      "(never one it adopted). A restore drill: the step running is stopped and the scratch cluster torn down.",
      "The report says Aborted (a drill: aborted), with the reason."
    },
    footer = {
      "",
      "Example:",
      "  bosun abort --cluster lab1 --reason \"w-3 disk is failing\" --address 127.0.0.1:7233",
      "",
      "Needs a Temporal server (--address / TEMPORAL_ADDRESS). Exit: 0 accepted (the answer is printed),",
      "2 rejected (the workflow's reason is printed; nothing changed), 3 Temporal unreachable."
    })
public final class AbortCommand extends OperatorCommand implements Callable<Integer> {

  @Parameters(
      index = "0",
      arity = "0..1",
      paramLabel = "ID",
      description = "The operation's workflow ID, e.g. bosun:lab1 (or use --cluster).")
  String id;

  @Option(
      names = "--reason",
      required = true,
      paramLabel = "TEXT",
      description = "Why (kept in the report and the workflow's history).")
  String reason;

  @Override
  String id() {
    return id;
  }

  @Override
  public Integer call() {
    return send(WorkflowNames.ABORT, reason);
  }
}
