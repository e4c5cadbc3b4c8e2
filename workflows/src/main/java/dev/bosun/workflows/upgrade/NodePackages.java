package dev.bosun.workflows.upgrade;

import static dev.bosun.workflows.ActivityStubs.node;

import dev.bosun.workflows.BosunActivityOptions;
import dev.bosun.workflows.activities.HostFacts;
import dev.bosun.workflows.activities.PackagePin;
import dev.bosun.workflows.model.HostTarget;
import dev.bosun.workflows.model.NodeRole;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One node's kubeadm, kubelet and kubectl packages: installed at the target's package version and, on
 * a worker, put back as they were on rollback. Control planes are never downgraded: no rollback there.
 */
final class NodePackages {

  private static final List<String> PACKAGES = List.of("kubeadm", "kubelet", "kubectl");

  private final NodeUpgradeInput in;
  private final HostTarget host;
  private Map<String, String> previous;

  NodePackages(NodeUpgradeInput in) {
    this.in = in;
    this.host = in.host();
  }

  /**
   * The kubeadm-package step: apt pointed at the target's minor, then kubeadm installed. {@code reinstallOnRollback}
   * false: the node's rollback is its VM snapshot ({@link NodeSnapshot}), so no reinstall is registered.
   */
  void installKubeadm(NodeCompensation compensation, boolean reinstallOnRollback) {
    String n = host.node();
    node(BosunActivityOptions.QUICK, "point apt at " + in.target().minorLabel() + " on " + n)
        .setPackageRepository(host, in.repositoryBaseUrl(), in.target());
    if (in.role() == NodeRole.WORKER && reinstallOnRollback && previous == null) {
      // Read what is installed before the first install, so a rollback knows what to reinstall even
      // if the install itself fails half-way.
      HostFacts facts =
          node(BosunActivityOptions.QUICK, "read installed packages on " + n).readHostFacts(host);
      previous = new LinkedHashMap<>();
      for (String p : PACKAGES) {
        if (facts.packages() != null && facts.packages().get(p) != null) {
          previous.put(p, facts.packages().get(p));
        }
      }
      compensation.add(this::restore);
    }
    install(List.of(new PackagePin("kubeadm", in.packageVersion())));
  }

  /** The kubelet-packages step (apt already points at the target's minor). */
  void installKubeletAndKubectl() {
    install(List.of(
        new PackagePin("kubelet", in.packageVersion()),
        new PackagePin("kubectl", in.packageVersion())));
  }

  private void install(List<PackagePin> pins) {
    node(BosunActivityOptions.HOST_STEP, "apt-get install " + pinsText(pins) + " on " + host.node())
        .installPackages(host, pins);
  }

  /**
   * Worker rollback: point apt back at the previous minor's repository (pkgs.k8s.io has one per minor, so
   * the old versions are not found in the target's), reinstall the versions found before, restart the kubelet.
   */
  private String restore() {
    List<PackagePin> pins = previous.entrySet().stream()
        .map(e -> new PackagePin(e.getKey(), e.getValue()))
        .toList();
    String n = host.node();
    node(
            BosunActivityOptions.QUICK,
            "point apt back at " + in.from().minorLabel() + " on " + n + " (rollback)")
        .setPackageRepository(host, in.repositoryBaseUrl(), in.from());
    node(
            BosunActivityOptions.HOST_STEP,
            "apt-get install " + pinsText(pins) + " on " + n + " (rollback)")
        .installPackages(host, pins);
    node(BosunActivityOptions.QUICK, "restart kubelet on " + n + " (rollback)")
        .restartKubelet(host);
    return "pointed apt back at " + in.from().minorLabel() + ", reinstalled " + pinsText(pins)
        + " and restarted kubelet on " + n;
  }

  private static String pinsText(List<PackagePin> pins) {
    return String.join(" ", pins.stream().map(PackagePin::toString).toList());
  }
}
