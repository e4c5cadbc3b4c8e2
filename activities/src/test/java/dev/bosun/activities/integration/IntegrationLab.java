package dev.bosun.activities.integration;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.bosun.sim.LabSim;
import dev.bosun.sim.LabSpec;
import dev.bosun.sim.SimHost;
import dev.bosun.sim.kube.LabObjects;
import dev.bosun.sim.testbed.RoleBoundKubeconfig;
import dev.bosun.workflows.model.ApprovalGate;
import dev.bosun.workflows.model.DrainOptions;
import dev.bosun.workflows.model.HypervisorSpec;
import dev.bosun.workflows.model.Inventory;
import dev.bosun.workflows.model.KubernetesSpec;
import dev.bosun.workflows.model.NodeRole;
import dev.bosun.workflows.model.NodeSpec;
import dev.bosun.workflows.model.OnNodeFailure;
import dev.bosun.workflows.model.SshSpec;
import dev.bosun.workflows.model.UpgradeSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A brisk 3 + 5 lab-sim and the {@link Inventory} its inventory file describes. The inventory loader lives
 * in the starter (not visible here), so the record is built from the lab's hosts and paths and then checked
 * against the YAML file the lab wrote.
 */
final class IntegrationLab {

  static final String FROM = "v1.30.6";
  static final String FROM_PACKAGE = "1.30.6-1.1";

  private IntegrationLab() {}

  /** Small command latency, a short NotReady window, one app replica per worker: a run stays well under a minute. */
  static LabSim start(String cluster, Path dir) throws IOException {
    return start(cluster, dir, 3, 5, LabSpec.ApiBackend.SIM);
  }

  /** The same brisk lab with {@code cps} + {@code workers} nodes on either API backend. */
  static LabSim start(String cluster, Path dir, int cps, int workers, LabSpec.ApiBackend api)
      throws IOException {
    return LabSim.start(LabSpec.of(cluster, cps, workers, FROM, dir)
        .withCommandLatency(Duration.ofMillis(5))
        .withNotReadyWindow(Duration.ofMillis(400))
        .withAppReplicasPerWorker(1)
        .withApi(api));
  }

  /** The rclone remote {@code labs3} for s3proxy, in its own config file: the credentials never reach an inventory. */
  static Path rcloneConfig(dev.bosun.sim.testbed.S3Proxy s3, Path file) throws IOException {
    Files.writeString(
        file,
        "[labs3]\ntype = s3\nprovider = Other\naccess_key_id = " + s3.accessKey()
            + "\nsecret_access_key = " + s3.secretKey() + "\nendpoint = " + s3.url()
            + "\nregion = us-east-1\n");
    return file;
  }

  /** Namespace {@code shop} with a ConfigMap {@code orders}: what the backup tests back up. */
  static void shop(io.fabric8.kubernetes.client.KubernetesClient kube) {
    kube.namespaces().resource(LabObjects.namespace("shop")).createOr(n -> n.update());
    kube.configMaps()
        .inNamespace("shop")
        .resource(LabObjects.configMap("shop", "orders", java.util.Map.of("count", "42")))
        .createOr(c -> c.update());
  }

  /** Tests on the real API backend skip, with the reason, where the test bed is not built. */
  static void assumeRealBackend() {
    dev.bosun.sim.testbed.TestBed.Availability bed = dev.bosun.sim.testbed.TestBed.find();
    org.junit.jupiter.api.Assumptions.assumeTrue(
        bed.available(), () -> "real API backend: " + bed.reason());
  }

  /**
   * The backup's real parts: the test bed's API backend and Velero, s3proxy, rclone; skips, with the reason, where one
   * is missing. Returns the Velero found.
   */
  static dev.bosun.sim.testbed.TestBed.VeleroAvailability assumeRealBackupParts() {
    assumeRealBackend();
    dev.bosun.sim.testbed.TestBed.VeleroAvailability v = dev.bosun.sim.testbed.TestBed.velero();
    org.junit.jupiter.api.Assumptions.assumeTrue(v.available(), () -> "real Velero: " + v.reason());
    String s3 = dev.bosun.sim.testbed.S3Proxy.unavailableReason();
    org.junit.jupiter.api.Assumptions.assumeTrue(s3 == null, () -> "s3proxy: " + s3);
    String rclone = dev.bosun.sim.testbed.TestBed.toolUnavailableReason("rclone");
    org.junit.jupiter.api.Assumptions.assumeTrue(rclone == null, rclone);
    return v;
  }

  /** Drain with short grace periods and a bound that fits a test. */
  static DrainOptions drain(Duration timeout) {
    return new DrainOptions(timeout, 1, true, true, false, null, false, Duration.ZERO);
  }

  static UpgradeSpec upgradeSpec() {
    return new UpgradeSpec(
        "1",
        drain(Duration.ofMinutes(2)),
        OnNodeFailure.WAIT_FOR_OPERATOR,
        ApprovalGate.NONE,
        0,
        true,
        Duration.ZERO,
        Duration.ofMinutes(10));
  }

  /** The inventory of the lab, as its inventory file says (checked field by field against the file). */
  static Inventory inventory(LabSim lab) throws IOException {
    return inventory(lab, null);
  }

  /** Bosun's documented ClusterRole (docs/security.md). */
  static final Path CLUSTER_ROLE = Path.of("..", "deploy", "kubernetes", "bosun-clusterrole.yaml");

  /**
   * The inventory of a lab on the real API backend whose worker reaches the API with a kubeconfig bound to
   * {@code clusterRole} (a ServiceAccount's token), not the admin one: what Bosun needs is what the role grants.
   */
  static Inventory roleBoundInventory(LabSim lab, Path dir, Path clusterRole) throws IOException {
    String text = RoleBoundKubeconfig.create(
        lab.controlPlane(), clusterRole, "bosun-" + lab.spec().cluster());
    Path file = dir.resolve("bosun.kubeconfig");
    Files.writeString(file, text);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    return inventory(lab, file.toAbsolutePath().toString());
  }

  /** The same with the worker's own kubeconfig (null: read from the first control plane over SSH). */
  static Inventory inventory(LabSim lab, String kubeconfig) throws IOException {
    LabSpec spec = lab.spec();
    List<NodeSpec> nodes = new ArrayList<>();
    for (SimHost h : lab.hosts()) {
      nodes.add(new NodeSpec(
          h.name(),
          h.isControlPlane() ? NodeRole.CONTROL_PLANE : NodeRole.WORKER,
          h.address(),
          null));
    }
    String endpoint = lab.apiServerUrl().replace("https://", "");
    Inventory inventory = new Inventory(
        spec.cluster(),
        new KubernetesSpec(
            spec.version(),
            "10.244.0.0/16",
            "10.96.0.0/12",
            endpoint,
            KubernetesSpec.DEFAULT_PACKAGE_REPOSITORY,
            kubeconfig),
        new SshSpec(
            "bosun",
            lab.privateKey().toAbsolutePath().toString(),
            lab.knownHosts().toAbsolutePath().toString(),
            lab.sshPort(),
            false,
            null,
            Duration.ofSeconds(15),
            Duration.ofMinutes(15)),
        new HypervisorSpec(HypervisorSpec.NONE, null, null, null, null, null, null, null),
        nodes,
        upgradeSpec(),
        null,
        null);
    matchesInventoryFile(inventory, lab.inventoryFile());
    return inventory;
  }

  private static void matchesInventoryFile(Inventory inv, Path file) throws IOException {
    JsonNode yaml = new ObjectMapper(new YAMLFactory()).readTree(Files.readString(file));
    assertEquals(yaml.path("cluster").asText(), inv.cluster(), "cluster");
    assertEquals(
        yaml.path("kubernetes").path("version").asText(),
        inv.kubernetes().version(),
        "kubernetes.version");
    assertEquals(
        yaml.path("kubernetes").path("controlPlaneEndpoint").asText(),
        inv.kubernetes().controlPlaneEndpoint(),
        "kubernetes.controlPlaneEndpoint");
    assertEquals(yaml.path("ssh").path("user").asText(), inv.ssh().user(), "ssh.user");
    assertEquals(yaml.path("ssh").path("port").asInt(), inv.ssh().port(), "ssh.port");
    assertEquals(
        yaml.path("ssh").path("privateKey").asText(), inv.ssh().privateKey(), "ssh.privateKey");
    assertEquals(
        yaml.path("ssh").path("knownHosts").asText(), inv.ssh().knownHosts(), "ssh.knownHosts");
    assertEquals(
        yaml.path("hypervisor").path("kind").asText(), inv.hypervisor().kind(), "hypervisor.kind");
    assertEquals(
        yaml.path("upgrade").path("onNodeFailure").asText(),
        inv.upgrade().onNodeFailure().label(),
        "upgrade.onNodeFailure");
    assertEquals(
        yaml.path("upgrade").path("maxUnavailable").asText(),
        inv.upgrade().maxUnavailable(),
        "upgrade.maxUnavailable");
    JsonNode nodes = yaml.path("nodes");
    assertEquals(nodes.size(), inv.nodes().size(), "nodes");
    for (int i = 0; i < nodes.size(); i++) {
      NodeSpec n = inv.nodes().get(i);
      assertEquals(nodes.get(i).path("name").asText(), n.name(), "nodes[" + i + "].name");
      assertEquals(nodes.get(i).path("role").asText(), n.role().label(), "nodes[" + i + "].role");
      assertEquals(nodes.get(i).path("address").asText(), n.address(), "nodes[" + i + "].address");
    }
  }
}
