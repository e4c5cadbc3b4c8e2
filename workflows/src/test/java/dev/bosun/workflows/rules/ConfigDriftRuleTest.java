package dev.bosun.workflows.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.bosun.workflows.activities.NodeConfigFingerprint;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigDriftRuleTest {

  private static final String KUBELET = "/var/lib/kubelet/config.yaml";
  private static final String FLAGS = "/var/lib/kubelet/kubeadm-flags.env";
  private static final String CONTAINERD = "/etc/containerd/config.toml";

  private static NodeConfigFingerprint fp(Map<String, Map<String, String>> files) {
    return new NodeConfigFingerprint("w-1", files);
  }

  @Test
  void testNothingChangedIsNoDrift() {
    Map<String, Map<String, String>> files =
        Map.of(KUBELET, Map.of("maxPods", "150"), FLAGS, Map.of("--node-ip", "10.0.0.21"));
    assertEquals(List.of(), ConfigDriftRule.changes(fp(files), fp(files)));
  }

  @Test
  void testKubeadm3049LostSettingsAreListedKeyByKey() {
    NodeConfigFingerprint before = fp(Map.of(
        KUBELET,
        Map.of("maxPods", "150", "systemReserved.cpu", "500m", "cgroupDriver", "systemd")));
    NodeConfigFingerprint after = fp(Map.of(KUBELET, Map.of("cgroupDriver", "systemd")));
    List<ConfigDriftRule.Change> changes = ConfigDriftRule.changes(before, after);
    assertEquals(
        List.of(
            "/var/lib/kubelet/config.yaml: maxPods 150 → (removed)",
            "/var/lib/kubelet/config.yaml: systemReserved.cpu 500m → (removed)"),
        changes.stream().map(Object::toString).toList());
    assertEquals(
        "configuration drift on w-1 after its upgrade (2 changes, stopped before the kubelet restart loads it):\n"
            + "- /var/lib/kubelet/config.yaml: maxPods 150 → (removed)\n"
            + "- /var/lib/kubelet/config.yaml: systemReserved.cpu 500m → (removed)",
        ConfigDriftRule.describe("w-1", changes));
  }

  @Test
  void testAddedChangedAndHiddenValuesAndWholeFiles() {
    NodeConfigFingerprint before = fp(Map.of(
        FLAGS,
        Map.of("--node-ip", "10.0.0.21"),
        CONTAINERD,
        Map.of("plugins.x.auth.password", NodeConfigFingerprint.HIDDEN)));
    NodeConfigFingerprint after = fp(Map.of(
        FLAGS,
        Map.of("--node-ip", "10.0.0.22", "--cgroup-driver", "cgroupfs"),
        KUBELET,
        Map.of("maxPods", "110")));
    assertEquals(
        List.of(
            "/etc/containerd/config.toml: file removed",
            "/var/lib/kubelet/config.yaml: file created",
            "/var/lib/kubelet/kubeadm-flags.env: --cgroup-driver (absent) → cgroupfs",
            "/var/lib/kubelet/kubeadm-flags.env: --node-ip 10.0.0.21 → 10.0.0.22"),
        ConfigDriftRule.changes(before, after).stream().map(Object::toString).toList());
  }
}
