package dev.bosun.cli.command;

import dev.bosun.cli.operation.DestroyOperation;
import dev.bosun.workflows.model.Inventory;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "destroy",
    mixinStandardHelpOptions = true,
    description = {
      "Destroy the cluster's VMs on every hypervisor the inventory names: only VMs that carry the cluster's marker",
      "(Vagrant project, Hyper-V notes, UTM name and notes); existing machines and other VMs are never touched.",
      "Asks for the cluster's name unless --yes. A workflow (ID bosun:<cluster>), so it survives a crash."
    },
    footer = {
      "",
      "Examples:",
      "  bosun destroy -i lab.yaml",
      "  bosun destroy -i lab.yaml --yes --address 127.0.0.1:7233",
      "",
      "Exit: 0 no VM of the cluster left, 1 some remain (listed), 2 bad input or not confirmed, 4 cluster busy."
    })
public final class DestroyCommand implements Callable<Integer> {

  @Mixin
  StartOptions start;

  @Option(names = "--yes", description = "Do not ask for the cluster's name.")
  boolean yes;

  @Override
  public Integer call() throws IOException {
    Inventory inv = start.inventory();
    if (inv.vmNodes().isEmpty()) {
      throw new IllegalArgumentException("--inventory: no node of " + inv.cluster()
          + " has a vm section; bosun destroy only" + " destroys VMs that bosun init created");
    }
    if (!yes) {
      start
          .out()
          .print("This destroys " + inv.vmNodes().size() + " VM(s) of cluster " + inv.cluster()
              + ". Type the cluster's name to go on: ");
      start.out().flush();
      String answer =
          new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
      if (answer == null || !answer.trim().equals(inv.cluster())) {
        throw new IllegalArgumentException("not confirmed: the answer was not the cluster's name '"
            + inv.cluster() + "'; nothing was destroyed");
      }
    }
    return start.run(new DestroyOperation(inv));
  }
}
