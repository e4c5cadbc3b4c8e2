package dev.bosun.cli.demo;

import dev.bosun.cli.ExitCodes;
import dev.bosun.cli.inventory.InventoryLoader;
import dev.bosun.cli.inventory.InventoryResult;
import dev.bosun.cli.operation.InProcessWorker;
import dev.bosun.cli.operation.OperationRunner;
import dev.bosun.cli.operation.OutputFormat;
import dev.bosun.cli.operation.UpgradeOperation;
import dev.bosun.cli.temporal.TemporalSession;
import dev.bosun.sim.LabSim;
import dev.bosun.sim.LabSpec;
import dev.bosun.worker.temporal.TemporalSettings;
import dev.bosun.workflows.WorkflowIds;
import dev.bosun.workflows.model.Inventory;
import dev.bosun.workflows.model.KubeVersion;
import dev.bosun.workflows.model.NodeSpec;
import dev.bosun.workflows.model.UpgradeSpec;
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
 * {@code bosun demo}: a simulated lab (lab-sim), a Temporal (embedded, or the given server), an
 * in-process worker, and a real rolling upgrade through the same code path as {@code bosun upgrade},
 * drawn live; then the report and a check of the lab's own state.
 */
public final class Demo {

  public static final String CLUSTER = "demo";
  public static final String DEFAULT_FROM = "v1.30.6";
  public static final String DEFAULT_TO = "v1.31.2";

  /** Realistic but brisk: every host command takes this long; a restarted kubelet is NotReady this long. */
  public static final Duration COMMAND_LATENCY = Duration.ofMillis(100);
  /**
   * Workers upgraded at once: two keep the demo brisk (the lab's inventory says one), but only when a
   * third stays schedulable for the evicted pods (the lab's "web" PodDisruptionBudget needs one running).
   */
  static String maxUnavailable(int workers) {
    return workers >= 3 ? "2" : "1";
  }

  public static final Duration NOT_READY_WINDOW = Duration.ofSeconds(2);

  /**
   * @param to null: the latest patch of the next minor that the lab's repository offers
   * @param fault null: no fault
   * @param autoResolve null, "retry" or "abort"
   * @param dir where the lab keeps its files (null: a temporary directory)
   */
  public record Options(
      int controlPlanes,
      int workers,
      String from,
      String to,
      DemoFault fault,
      String autoResolve,
      boolean plain,
      Path dir,
      Duration commandLatency,
      Duration notReadyWindow,
      LabSpec.ApiBackend api) {}

  private final PrintWriter out;
  private final PrintWriter err;

  public Demo(PrintWriter out, PrintWriter err) {
    this.out = out;
    this.err = err;
  }

  public int run(Options o, TemporalSettings requested, Map<String, String> env) {
    long started = System.currentTimeMillis();
    Path dir = o.dir() != null ? o.dir() : tempDir();
    out.println("This is a simulated lab (lab-sim): " + (o.controlPlanes() + o.workers())
        + " hosts on 127.0.x.y speaking real SSH, "
        + (o.api() == LabSpec.ApiBackend.REAL
            ? "a real Kubernetes control plane (kube-apiserver, controllers, scheduler, etcd; kwok nodes)"
            : "a simulated Kubernetes API")
        + "; no VM is touched.");
    out.println("lab: " + UpgradeOperation.count(o.controlPlanes(), "control plane") + " + "
        + UpgradeOperation.count(o.workers(), "worker")
        + " at " + o.from() + "; every host command takes "
        + o.commandLatency().toMillis() + " ms, a restarted kubelet is NotReady for "
        + o.notReadyWindow().toMillis()
        + " ms, pods become Ready 0.3 s after they are scheduled; files in " + dir);
    LabSpec spec = LabSpec.of(CLUSTER, o.controlPlanes(), o.workers(), o.from(), dir)
        .withCommandLatency(o.commandLatency())
        .withNotReadyWindow(o.notReadyWindow())
        .withApi(o.api());
    try (LabSim lab = LabSim.start(spec)) {
      Inventory inventory = inventory(lab.inventoryFile());
      KubeVersion target = target(lab, o);
      if (o.fault() != null) {
        if (!inventory.hasNode(o.fault().node())) {
          throw new IllegalArgumentException(
              "--fail-node: no node named '" + o.fault().node() + "' in the lab (cp-1…, w-1…)");
        }
        o.fault().arm(lab.faults());
        out.println("fault: " + o.fault().describe());
      }
      out.println("inventory: " + lab.inventoryFile() + " (bosun validate accepts it)");
      UpgradeSpec options = demoOptions(inventory.upgrade(), maxUnavailable(o.workers()));
      out.println("upgrade: " + inventory.kubernetes().version() + " → " + target
          + ", control planes one at a time, then workers " + options.maxUnavailable()
          + " at a time");
      if (requested.embedded()) {
        out.println(OperationRunner.EMBEDDED_NOTE);
      }
      out.flush();
      int code;
      try (TemporalSession session = TemporalSession.open(requested, env, true);
          InProcessWorker worker = InProcessWorker.start(session)) {
        if (!session.isEmbedded()) {
          out.println("Temporal UI: " + uiLink(session.settings()));
        }
        OperationRunner runner = new OperationRunner(out, err, true, o.plain(), OutputFormat.TEXT)
            .resolvingWith((s, sess) ->
                AutoResolve.answer(o.autoResolve(), s, sess, CLUSTER, lab.faults(), out));
        code = runner.startAndFollow(session, new UpgradeOperation(inventory, target, options));
      }
      if (code == ExitCodes.WAITING_FOR_OPERATOR) {
        out.println(
            "(run it again with --auto-resolve retry or --auto-resolve abort to see the run resolve itself)");
        out.flush();
        return code;
      }
      boolean labOk = checkLab(lab, inventory, target, o);
      out.println("demo took " + seconds(System.currentTimeMillis() - started));
      out.flush();
      return code == ExitCodes.DONE && !labOk ? ExitCodes.FAILED : code;
    } catch (IOException e) {
      throw new UncheckedIOException("could not start the lab in " + dir, e);
    }
  }

  private static UpgradeSpec demoOptions(UpgradeSpec s, String maxUnavailable) {
    return s.withMaxUnavailable(maxUnavailable);
  }

  /** The lab's inventory, through the same loader and validation as every command. */
  private static Inventory inventory(Path file) {
    InventoryResult r = new InventoryLoader().load(file);
    if (!r.valid()) {
      throw new IllegalStateException("lab-sim wrote an invalid inventory: " + r.renderedErrors());
    }
    return r.inventory();
  }

  private KubeVersion target(LabSim lab, Options o) {
    if (o.to() != null) {
      return KubeVersion.parse(o.to());
    }
    KubeVersion from = KubeVersion.parse(o.from());
    return lab.state()
        .repository()
        .latest(from.minor() + 1)
        .map(v -> KubeVersion.parse(v.toString()))
        .orElse(KubeVersion.parse(DEFAULT_TO));
  }

  /** What the lab itself says at the end: versions and cordons, from the simulated API and hosts. */
  private boolean checkLab(LabSim lab, Inventory inventory, KubeVersion target, Options o) {
    List<String> atTarget = new ArrayList<>();
    List<String> notAtTarget = new ArrayList<>();
    List<String> cordoned = new ArrayList<>();
    for (NodeSpec n : inventory.nodes()) {
      String v = lab.state().nodeKubeletVersion(n.name());
      (target.toString().equals(v) ? atTarget : notAtTarget).add(n.name() + "=" + v);
      if (lab.state().nodeUnschedulable(n.name())) {
        cordoned.add(n.name());
      }
    }
    out.println();
    out.println("lab check: " + atTarget.size() + "/" + inventory.nodes().size() + " nodes run "
        + target
        + (notAtTarget.isEmpty() ? "" : "; not at target: " + String.join(", ", notAtTarget))
        + (cordoned.isEmpty() ? "; none cordoned" : "; cordoned: " + String.join(", ", cordoned)));
    return notAtTarget.isEmpty() && cordoned.isEmpty();
  }

  /** The Temporal UI page of the run (temporal-dev/start serves the UI 1000 above the frontend port). */
  static String uiLink(TemporalSettings s) {
    String address = s.address();
    int colon = address.lastIndexOf(':');
    String host = colon > 0 ? address.substring(0, colon) : address;
    int port = colon > 0 ? Integer.parseInt(address.substring(colon + 1)) + 1000 : 8233;
    return "http://" + host + ":" + port + "/namespaces/" + s.namespace() + "/workflows/"
        + WorkflowIds.mutation(CLUSTER);
  }

  private static String seconds(long millis) {
    long s = millis / 1000;
    return (s / 60) + "m" + String.format("%02d", s % 60) + "s";
  }

  private static Path tempDir() {
    try {
      return Files.createTempDirectory("bosun-demo-");
    } catch (IOException e) {
      throw new UncheckedIOException("no temporary directory for the lab", e);
    }
  }
}
