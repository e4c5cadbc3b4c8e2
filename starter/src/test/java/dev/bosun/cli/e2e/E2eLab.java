package dev.bosun.cli.e2e;

import dev.bosun.sim.CommandRecord;
import dev.bosun.sim.LabSim;
import dev.bosun.sim.LabSpec;
import dev.bosun.sim.SimHost;
import dev.bosun.workflows.WorkflowIds;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * One scenario's simulated lab, in the test JVM so the test can inject faults and read the command log; the
 * worker process reaches it over real SSH and HTTPS. Brisk: no command latency, a short NotReady window,
 * one app replica per worker, pods gone 1 s after eviction.
 */
final class E2eLab implements AutoCloseable {

  static final String FROM = "v1.30.6";
  static final String TARGET = "v1.31.2";

  /** Host commands that change a host; after its skip-check, none may complete twice on the same host. */
  static final List<Pattern> MUTATING = List.of(
      Pattern.compile("apt-get install"),
      Pattern.compile("kubeadm upgrade apply"),
      Pattern.compile("kubeadm upgrade node"),
      Pattern.compile("tee /etc/apt/sources\\.list\\.d/kubernetes\\.list"),
      Pattern.compile("etcdctl .* snapshot save"));

  final LabSim sim;
  private final Path inventory;
  private final E2eEnvironment env;

  private E2eLab(LabSim sim, Path inventory, E2eEnvironment env) {
    this.sim = sim;
    this.inventory = inventory;
    this.env = env;
  }

  static E2eLab start(E2eEnvironment env, String cluster, int controlPlanes, int workers)
      throws IOException {
    Path dir = env.dir().resolve("lab-" + cluster);
    LabSim sim = LabSim.start(LabSpec.of(cluster, controlPlanes, workers, FROM, dir)
        .withNotReadyWindow(Duration.ofMillis(300))
        .withAppReplicasPerWorker(1));
    try {
      env.secretFile(sim.privateKey());
      env.secretFile(sim.kubeconfig());
      String yaml = Files.readString(sim.inventoryFile());
      String brisk = yaml.replace("gracePeriod: -1", "gracePeriod: 1");
      if (brisk.equals(yaml)) {
        throw new IllegalStateException(
            "lab-sim's inventory has no 'gracePeriod: -1' to shorten:\n" + yaml);
      }
      Path inventory = dir.resolve("inventory-e2e.yaml");
      Files.writeString(inventory, brisk);
      return new E2eLab(sim, inventory, env);
    } catch (IOException | RuntimeException e) {
      sim.close();
      throw e;
    }
  }

  /** A lab for bosun init: hypervisor hosts only; the inventory's VMs become hosts when a hypervisor creates them. */
  static E2eLab startForInit(E2eEnvironment env, String cluster, int controlPlanes, int workers)
      throws IOException {
    Path dir = env.dir().resolve("lab-" + cluster);
    LabSim sim = LabSim.start(LabSpec.forInit(cluster, controlPlanes, workers, FROM, dir)
        .withNotReadyWindow(Duration.ofMillis(300)));
    env.secretFile(sim.privateKey());
    env.secretFile(sim.kubeconfig());
    return new E2eLab(sim, sim.inventoryFile(), env);
  }

  String cluster() {
    return sim.spec().cluster();
  }

  String inventory() {
    return inventory.toString();
  }

  /** node → kubelet version as the lab's Kubernetes API reports it. */
  Map<String, String> versions() {
    return nodes(n -> sim.state().nodeKubeletVersion(n));
  }

  List<String> cordoned() {
    return sim.hosts().stream()
        .map(SimHost::name)
        .filter(n -> sim.state().nodeUnschedulable(n))
        .toList();
  }

  /** node → "kubeadm=…, kubelet=…, kubectl=…" as dpkg has them. */
  Map<String, String> packages() {
    return nodes(n -> List.of("kubeadm", "kubelet", "kubectl").stream()
        .map(p -> p + "=" + sim.state().installedPackage(n, p))
        .collect(Collectors.joining(", ")));
  }

  Map<String, String> allAt(String version) {
    return nodes(n -> version);
  }

  /** Mutating host commands that completed (exit 0) more than once on the same host, with their count. */
  List<String> mutatingCommandsCompletedTwice() {
    Map<String, Long> counts = sim.commandLog().all().stream()
        .filter(r -> r.exitCode() == 0
            && MUTATING.stream().anyMatch(p -> p.matcher(r.command()).find()))
        .collect(Collectors.groupingBy(
            r -> r.host() + ": " + r.command(), LinkedHashMap::new, Collectors.counting()));
    return counts.entrySet().stream()
        .filter(e -> e.getValue() > 1)
        .map(e -> e.getKey() + " ×" + e.getValue())
        .toList();
  }

  List<CommandRecord> commands(String host, String fragment) {
    return sim.commandLog().forHost(host).stream()
        .filter(r -> r.command().contains(fragment))
        .toList();
  }

  private Map<String, String> nodes(Function<String, String> value) {
    Map<String, String> out = new LinkedHashMap<>();
    sim.hosts().forEach(h -> out.put(h.name(), value.apply(h.name())));
    return out;
  }

  /**
   * Ends the cluster's operation if a failed test left it running (so it does not keep the shared worker busy),
   * keeps the command log beside the lab's files (target/e2e/run-…/lab-CLUSTER/commands.log), stops the lab.
   */
  @Override
  public void close() {
    try {
      env.client()
          .newUntypedWorkflowStub(WorkflowIds.mutation(cluster()))
          .terminate("E2E test over");
    } catch (RuntimeException notRunning) {
      // completed, failed or never started: nothing to end
    }
    try {
      Files.write(
          sim.spec().workDir().resolve("commands.log"),
          sim.commandLog().all().stream()
              .map(r -> java.time.Instant.ofEpochMilli(r.startMillis()) + " "
                  + (r.endMillis() - r.startMillis()) + "ms " + r.host() + " exit " + r.exitCode()
                  + ": " + r.command())
              .toList());
    } catch (IOException e) {
      // diagnosis only
    } finally {
      sim.close();
    }
  }
}
