package dev.bosun.cli.command;

import dev.bosun.cli.operation.InitOperation;
import dev.bosun.workflows.model.Inventory;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(
    name = "init",
    mixinStandardHelpOptions = true,
    description = {
      "Build the cluster the inventory describes: create the nodes' VMs (Vagrant, Hyper-V, UTM), container runtime and",
      "pinned kubeadm/kubelet/kubectl, kubeadm init on the first control plane, the CNI, join the other control planes",
      "one by one, etcdctl/etcdutl on each control plane (init.etcdClient), the workers in parallel, wait for Ready,",
      "label. A compensating saga (workflow ID bosun:<cluster>):",
      "a failed node waits for 'bosun retry|skip|abort'; abort resets what joined and destroys the VMs it created",
      "(never a VM it adopted). Without --address it runs embedded and watches to the end."
    },
    footer = {
      "",
      "Examples:",
      "  bosun init -i lab.yaml --watch",
      "  bosun init -i lab.yaml --address 127.0.0.1:7233",
      "  bosun plan init -i lab.yaml            # every VM and command, changing nothing",
      "",
      "Exit: 0 every node Ready, 1 failed or aborted, 2 bad input, 3 Temporal unreachable, 4 cluster busy,",
      "5 waiting for an operator (not watching: the retry/skip/abort commands are printed)."
    })
public final class InitCommand implements Callable<Integer> {

  @Mixin
  StartOptions start;

  @Override
  public Integer call() {
    Inventory inv = start.inventory();
    if (inv.vmNodes().isEmpty()) {
      start
          .err()
          .println(
              "note: no node of " + inv.cluster() + " has a vm section: bosun init bootstraps the"
                  + " existing machines (container runtime, kubeadm init, joins) and creates no VM");
    }
    return start.run(new InitOperation(inv));
  }
}
