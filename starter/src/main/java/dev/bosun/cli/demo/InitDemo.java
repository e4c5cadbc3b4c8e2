package dev.bosun.cli.demo;

import dev.bosun.activities.hypervisor.HyperVScripts;
import dev.bosun.activities.hypervisor.UtmCommands;
import dev.bosun.activities.hypervisor.VagrantCommands;
import dev.bosun.cli.ExitCodes;
import dev.bosun.cli.inventory.InventoryLoader;
import dev.bosun.cli.inventory.InventoryResult;
import dev.bosun.cli.operation.DestroyOperation;
import dev.bosun.cli.operation.InProcessWorker;
import dev.bosun.cli.operation.InitOperation;
import dev.bosun.cli.operation.OperationRunner;
import dev.bosun.cli.operation.OutputFormat;
import dev.bosun.cli.temporal.TemporalSession;
import dev.bosun.sim.HypervisorHosts;
import dev.bosun.sim.LabSim;
import dev.bosun.sim.LabSpec;
import dev.bosun.worker.temporal.TemporalSettings;
import dev.bosun.workflows.model.HypervisorSpec;
import dev.bosun.workflows.model.Inventory;
import dev.bosun.workflows.model.NodeSpec;
import io.fabric8.kubernetes.api.model.Node;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code bosun demo init}: a lab of three hypervisor hosts (Vagrant/libvirt on Linux, Hyper-V on Windows 10 Pro,
 * UTM on an Apple Silicon Mac), {@code bosun init} of the inventory it writes through the same code path as the
 * command, drawn live; then the lab's own word on the nodes, and {@code bosun destroy} with each hypervisor's own list.
 */
public final class InitDemo {

  public static final String CLUSTER = "demo";

  /**
   * @param fault null, or which failure to inject: create-vm (on the Hyper-V host), no-address (Hyper-V), join (on
   *     {@code failNode})
   * @param keep leave the cluster standing (no destroy at the end)
   */
  public record Options(
      int controlPlanes,
      int workers,
      String version,
      String fault,
      String failNode,
      String autoResolve,
      boolean plain,
      Path dir,
      Duration commandLatency,
      LabSpec.ApiBackend api,
      boolean keep) {}

  private final PrintWriter out;
  private final PrintWriter err;

  public InitDemo(PrintWriter out, PrintWriter err) {
    this.out = out;
    this.err = err;
  }

  public int run(Options o, TemporalSettings requested, Map<String, String> env) {
    long started = System.currentTimeMillis();
    Path dir = o.dir() != null ? o.dir() : tempDir();
    LabSpec spec = LabSpec.forInit(CLUSTER, o.controlPlanes(), o.workers(), o.version(), dir)
        .withCommandLatency(o.commandLatency())
        .withApi(o.api());
    out.println("This is a simulated lab (lab-sim): three hypervisor hosts speaking real SSH — "
        + HypervisorHosts.VAGRANT
        + " (Vagrant, libvirt), " + HypervisorHosts.HYPERV
        + " (Hyper-V on Windows 10 Pro, cmd.exe), " + HypervisorHosts.UTM
        + " (UTM on an Apple Silicon Mac) — and "
        + (o.api() == LabSpec.ApiBackend.REAL
            ? "a real Kubernetes control plane"
            : "a simulated Kubernetes API")
        + "; every VM they create is a bare Ubuntu host on 127.0.5.x. No real VM is touched.");
    out.println(
        "every host command takes " + o.commandLatency().toMillis() + " ms; files in " + dir);
    try (LabSim lab = LabSim.start(spec)) {
      Inventory inventory = inventory(lab.inventoryFile());
      armFault(o, lab, inventory);
      out.println(
          "inventory: " + lab.inventoryFile() + " (" + inventory.controlPlanes().size()
              + " control planes, " + inventory.workers().size() + " workers on "
              + String.join(", ", inventory.hypervisors().keySet()) + ")");
      if (requested.embedded()) {
        out.println(OperationRunner.EMBEDDED_NOTE);
      }
      out.flush();
      int code;
      try (TemporalSession session = TemporalSession.open(requested, env, true);
          InProcessWorker worker = InProcessWorker.start(session)) {
        OperationRunner runner = new OperationRunner(out, err, true, o.plain(), OutputFormat.TEXT)
            .resolvingWith((s, sess) ->
                AutoResolve.answer(o.autoResolve(), s, sess, CLUSTER, lab.faults(), out));
        code = runner.startAndFollow(session, new InitOperation(inventory));
        if (code == ExitCodes.WAITING_FOR_OPERATOR) {
          out.println(
              "(run it again with --auto-resolve retry or --auto-resolve abort to see the run resolve itself)");
          out.flush();
          return code;
        }
        boolean labOk = code != ExitCodes.DONE || checkNodes(lab, inventory);
        if (!o.keep()) {
          lab.faults().clear();
          out.println();
          out.println("bosun destroy -i " + lab.inventoryFile() + " --yes");
          int destroyed = new OperationRunner(out, err, true, true, OutputFormat.TEXT)
              .startAndFollow(session, new DestroyOperation(inventory));
          labOk &= destroyed == ExitCodes.DONE & hypervisorsEmpty(lab, inventory);
        }
        out.println("demo took " + seconds(System.currentTimeMillis() - started));
        out.flush();
        return code == ExitCodes.DONE && !labOk ? ExitCodes.FAILED : code;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not start the lab in " + dir, e);
    }
  }

  private void armFault(Options o, LabSim lab, Inventory inventory) {
    if (o.fault() == null) {
      return;
    }
    switch (o.fault()) {
      case "create-vm" -> lab.faults().failVmCreation(HypervisorHosts.HYPERV);
      case "no-address" -> lab.faults().noVmAddress(HypervisorHosts.HYPERV);
      case "join" -> {
        if (!inventory.hasNode(o.failNode())) {
          throw new IllegalArgumentException(
              "--fail-node: no node named '" + o.failNode() + "' in the lab (cp-1…, w-1…)");
        }
        lab.faults().failJoin(o.failNode());
      }
      default ->
        throw new IllegalArgumentException(
            "--fail-step must be create-vm, no-address or join, got '" + o.fault() + "'");
    }
    out.println("fault: "
        + switch (o.fault()) {
          case "create-vm" -> "New-VM fails on " + HypervisorHosts.HYPERV;
          case "no-address" -> "VMs on " + HypervisorHosts.HYPERV + " never report an address";
          default -> "kubeadm join fails preflight on " + o.failNode();
        });
  }

  /** The lab's API: every node registered, Ready, with its architecture. */
  private boolean checkNodes(LabSim lab, Inventory inventory) {
    List<String> problems = new ArrayList<>();
    out.println();
    out.println("lab check (the cluster's API):");
    for (NodeSpec n : inventory.nodes()) {
      Node node = lab.state().read(c -> c.node(n.name()));
      if (node == null) {
        problems.add(n.name() + " is not registered");
        continue;
      }
      String arch = node.getMetadata().getLabels() == null
          ? null
          : node.getMetadata().getLabels().get("kubernetes.io/arch");
      boolean ready = lab.state().nodeReady(n.name());
      out.println(String.format(
          "  %-8s %-6s %-8s %s",
          n.name(), arch, ready ? "Ready" : "NotReady", lab.state().nodeKubeletVersion(n.name())));
      if (!ready) {
        problems.add(n.name() + " is not Ready");
      }
    }
    problems.forEach(p -> out.println("  problem: " + p));
    return problems.isEmpty();
  }

  /** Each hypervisor host's own list command, as the operator would run it there: no VM of the cluster left. */
  private boolean hypervisorsEmpty(LabSim lab, Inventory inventory) {
    boolean empty = true;
    out.println();
    out.println("each hypervisor host's own list:");
    for (var e : inventory.hypervisors().entrySet()) {
      HypervisorSpec h = e.getValue();
      String host = lab.hosts().stream()
          .filter(s -> s.address().equals(h.host()))
          .findFirst()
          .orElseThrow()
          .name();
      String command = switch (h.kind()) {
        case HypervisorSpec.VAGRANT -> VagrantCommands.status(h.project());
        case HypervisorSpec.HYPERV -> HyperVScripts.command(HyperVScripts.listVms());
        default -> UtmCommands.list(h.utmctl());
      };
      String shown = h.kind().equals(HypervisorSpec.HYPERV)
          ? "powershell -EncodedCommand <Get-VM …>"
          : command;
      try {
        var r = lab.run(host, command);
        String listing = r.stdout().strip();
        out.println("  " + host + "$ " + shown);
        listing.lines().forEach(l -> out.println("    " + l));
        if (listing.contains(CLUSTER + "-")) {
          empty = false;
        }
      } catch (InterruptedException ex) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return empty;
  }

  /** The inventory a demo wrote, loaded and validated like any (an invalid one is the demo's bug). */
  static Inventory inventory(Path file) {
    InventoryResult r = new InventoryLoader().load(file);
    if (!r.valid()) {
      throw new IllegalStateException("lab-sim wrote an invalid inventory: " + r.renderedErrors());
    }
    return r.inventory();
  }

  static String seconds(long millis) {
    long s = millis / 1000;
    return (s / 60) + "m" + String.format("%02d", s % 60) + "s";
  }

  private static Path tempDir() {
    try {
      return Files.createTempDirectory("bosun-demo-init-");
    } catch (IOException e) {
      throw new UncheckedIOException("no temporary directory for the lab", e);
    }
  }
}
