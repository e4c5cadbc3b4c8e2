package dev.bosun.activities.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bosun.workflows.activities.PackagePin;
import dev.bosun.workflows.model.KubeVersion;
import dev.bosun.workflows.model.NodeRole;
import dev.bosun.workflows.upgrade.NodeStep;
import java.util.List;
import org.junit.jupiter.api.Test;

class NodeCommandsTest {

  static final KubeVersion V1_31_2 = KubeVersion.parse("v1.31.2");

  @Test
  void firstControlPlaneUpgradeLinesMatchTheHostCommandContract() {
    assertEquals(
        List.of(
            "echo 'deb [signed-by=/etc/apt/keyrings/kubernetes-apt-keyring.gpg] https://pkgs.k8s.io/core:/stable:/v1.31/deb/ /' | sudo -n tee /etc/apt/sources.list.d/kubernetes.list > /dev/null && sudo -n apt-get update -q",
            "sudo -n apt-mark unhold kubeadm && sudo -n DEBIAN_FRONTEND=noninteractive apt-get install -y --allow-change-held-packages --allow-downgrades 'kubeadm=1.31.2-1.1' && sudo -n apt-mark hold kubeadm",
            "sudo -n kubeadm upgrade apply 'v1.31.2' -y",
            "sudo -n apt-mark unhold kubelet kubectl && sudo -n DEBIAN_FRONTEND=noninteractive apt-get install -y --allow-change-held-packages --allow-downgrades 'kubelet=1.31.2-1.1' 'kubectl=1.31.2-1.1' && sudo -n apt-mark hold kubelet kubectl",
            "sudo -n systemctl daemon-reload && sudo -n systemctl restart kubelet"),
        NodeCommands.upgradeCommands(
            NodeRole.CONTROL_PLANE,
            true,
            V1_31_2,
            "1.31.2-1.1",
            "https://pkgs.k8s.io/core:/stable:/"));
  }

  @Test
  void otherNodesRunUpgradeNode() {
    assertEquals(
        "sudo -n kubeadm upgrade node",
        NodeCommands.upgradeCommands(
                NodeRole.WORKER, false, V1_31_2, "1.31.2-1.1", "https://pkgs.k8s.io/core:/stable:")
            .get(2));
    assertThrows(
        IllegalArgumentException.class,
        () -> NodeCommands.upgradeCommands(
            NodeRole.WORKER, true, V1_31_2, "1.31.2-1.1", "https://pkgs.k8s.io/core:/stable:"));
  }

  @Test
  void thePlansPackageIndexReadIsOneCurlAsTheSshUser() {
    String expected =
        "curl -fsSL --max-time 30 'https://pkgs.k8s.io/core:/stable:/v1.31/deb/Packages'";
    assertEquals(
        expected, NodeCommands.readPackageIndex("https://pkgs.k8s.io/core:/stable:/", V1_31_2));
    assertEquals(
        expected, NodeCommands.readPackageIndex("https://pkgs.k8s.io/core:/stable:", V1_31_2));
    assertThrows(
        IllegalArgumentException.class,
        () -> NodeCommands.readPackageIndex("https://evil' ; id '", V1_31_2));
    assertThrows(
        IllegalArgumentException.class,
        () -> NodeCommands.readPackageIndex("https://user:pw@mirror.example/k8s", V1_31_2));
  }

  @Test
  void injectionThroughPackageVersionsOrUrlsIsRefused() {
    assertThrows(
        IllegalArgumentException.class,
        () -> NodeCommands.installPackages(List.of(new PackagePin("kubeadm", "1.31.2;id"))));
    assertThrows(
        IllegalArgumentException.class,
        () -> NodeCommands.installPackages(List.of(new PackagePin("kubeadm$(id)", "1.31.2-1.1"))));
    assertThrows(
        IllegalArgumentException.class,
        () -> NodeCommands.switchRepository("https://evil' ; id '", V1_31_2));
    assertThrows(
        IllegalArgumentException.class,
        () -> NodeCommands.etcdSnapshotSave("/var/backups/`id`.db"));
  }

  @Test
  void etcdCommandsMatchTheContract() {
    assertEquals(
        "sudo -n etcdutl snapshot status '/var/backups/bosun-etcd-lab1-20261121T053000Z.db' -w json",
        NodeCommands.etcdSnapshotStatus("/var/backups/bosun-etcd-lab1-20261121T053000Z.db"));
    assertEquals(
        "sudo -n ETCDCTL_API=3 etcdctl --endpoints=https://127.0.0.1:2379 --cacert=/etc/kubernetes/pki/etcd/ca.crt"
            + " --cert=/etc/kubernetes/pki/etcd/server.crt --key=/etc/kubernetes/pki/etcd/server.key snapshot save '/var/backups/s.db'",
        NodeCommands.etcdSnapshotSave("/var/backups/s.db"));
  }

  /** Each step answers for itself: the host commands belong to the step that runs them, the rest go through the API. */
  @Test
  void eachStepOfANodeAnswersWithItsOwnCommands() {
    KubeVersion target = KubeVersion.parse("v1.31.2");
    NodeCommands.NodeUpgrade cp1 = new NodeCommands.NodeUpgrade(
        NodeRole.CONTROL_PLANE, true, target, "1.31.2-1.1", "https://pkgs.k8s.io/core:/stable:");
    assertEquals(
        List.of(),
        NodeCommands.forStep(NodeStep.DRAIN, cp1).host(),
        "the drain goes through the API, before any host command");
    assertEquals(
        List.of(NodeCommands.upgradeApply(target)),
        NodeCommands.forStep(NodeStep.KUBEADM_UPGRADE, cp1).host());
    assertEquals(
        List.of(NodeCommands.RESTART_KUBELET),
        NodeCommands.forStep(NodeStep.KUBELET_RESTART, cp1).host());
    assertEquals(
        2,
        NodeCommands.forStep(NodeStep.KUBEADM_PACKAGE, cp1).host().size(),
        "repository, then kubeadm");
    for (NodeStep step : NodeStep.values()) {
      NodeCommands.StepCommands c = NodeCommands.forStep(step, cp1);
      assertEquals(step, c.step());
      assertTrue(
          c.host().isEmpty() != (c.api() == null),
          step + ": host commands or an API call, not both");
    }
    NodeCommands.NodeUpgrade worker = new NodeCommands.NodeUpgrade(
        NodeRole.WORKER, false, target, "1.31.2-1.1", "https://pkgs.k8s.io/core:/stable:");
    assertEquals(
        List.of(NodeCommands.UPGRADE_NODE),
        NodeCommands.forStep(NodeStep.KUBEADM_UPGRADE, worker).host());
    assertThrows(
        IllegalArgumentException.class,
        () -> new NodeCommands.NodeUpgrade(
            NodeRole.WORKER, true, target, "1.31.2-1.1", "https://pkgs.k8s.io/core:/stable:"));
    // upgrade.certificateRenewal: false reaches both kubeadm commands
    NodeCommands.NodeUpgrade cp1NoRenewal = new NodeCommands.NodeUpgrade(
        NodeRole.CONTROL_PLANE,
        true,
        target,
        "1.31.2-1.1",
        "https://pkgs.k8s.io/core:/stable:",
        false);
    assertEquals(
        List.of("sudo -n kubeadm upgrade apply 'v1.31.2' -y --certificate-renewal=false"),
        NodeCommands.forStep(NodeStep.KUBEADM_UPGRADE, cp1NoRenewal).host());
    assertEquals(
        List.of("sudo -n kubeadm upgrade node --certificate-renewal=false"),
        NodeCommands.forStep(
                NodeStep.KUBEADM_UPGRADE,
                new NodeCommands.NodeUpgrade(
                    NodeRole.WORKER,
                    false,
                    target,
                    "1.31.2-1.1",
                    "https://pkgs.k8s.io/core:/stable:",
                    false))
            .host());
  }

  @Test
  void staticPodRestartMovesEachManifestOutAndBack() {
    assertEquals(
        "sudo -n mkdir -p /etc/kubernetes/bosun-paused-manifests && sudo -n mv"
            + " /etc/kubernetes/manifests/etcd.yaml /etc/kubernetes/bosun-paused-manifests/etcd.yaml",
        NodeCommands.moveManifest("etcd", true));
    assertEquals(
        "sudo -n mv /etc/kubernetes/bosun-paused-manifests/kube-apiserver.yaml"
            + " /etc/kubernetes/manifests/kube-apiserver.yaml",
        NodeCommands.moveManifest("kube-apiserver", false));
    assertEquals(
        "sudo -n test -f /etc/kubernetes/manifests/kube-scheduler.yaml",
        NodeCommands.manifestPresent(NodeCommands.MANIFESTS_DIR, "kube-scheduler"));
    assertThrows(
        IllegalArgumentException.class, () -> NodeCommands.moveManifest("../../etc/passwd", true));
    assertThrows(
        IllegalArgumentException.class, () -> NodeCommands.manifestPresent("/tmp", "etcd"));
  }
}
