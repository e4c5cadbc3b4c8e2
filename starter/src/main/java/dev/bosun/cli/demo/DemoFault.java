package dev.bosun.cli.demo;

import dev.bosun.sim.Faults;
import dev.bosun.workflows.upgrade.NodeStep;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * {@code --fail-node N --fail-step S}: the lab-sim fault that makes step S fail on node N, on the host
 * command that step sends (docs/host-commands.md). Steps that only talk to the Kubernetes API (drain,
 * uncordon, health-gate) have no host command to fail.
 */
public record DemoFault(String node, NodeStep step) {

  /** Step → the simple command (lab-sim matches after sudo/VAR= prefixes; /regex/ or prefix) and the tool's error. */
  private static final Map<NodeStep, String[]> COMMANDS = Map.of(
      NodeStep.KUBEADM_PACKAGE,
          new String[] {
            "/apt-get install .*kubeadm=/",
            "E: Could not get lock /var/lib/dpkg/lock-frontend. It is held by process 4242 (unattended-upgr)"
          },
      NodeStep.KUBEADM_UPGRADE,
          new String[] {
            "/kubeadm upgrade (apply|node)/",
            "[upgrade] FATAL: couldn't create a Kubernetes client from file \"/etc/kubernetes/kubelet.conf\": connection refused"
          },
      NodeStep.KUBELET_PACKAGES,
          new String[] {
            "/apt-get install .*kubelet=/",
            "E: Failed to fetch https://pkgs.k8s.io/core:/stable:/v1.31/deb/amd64/kubelet.deb  Connection timed out"
          },
      NodeStep.KUBELET_RESTART,
          new String[] {
            "systemctl restart kubelet",
            "Job for kubelet.service failed because the control process exited with error code."
          });

  public static List<String> supportedSteps() {
    return Arrays.stream(NodeStep.values())
        .filter(s -> COMMANDS.containsKey(s) || s == NodeStep.WAIT_READY)
        .map(NodeStep::label)
        .toList();
  }

  public static DemoFault parse(String node, String step) {
    NodeStep s;
    try {
      s = NodeStep.fromLabel(step);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "--fail-step must be one of " + supportedSteps() + ", got '" + step + "'");
    }
    if (!COMMANDS.containsKey(s) && s != NodeStep.WAIT_READY) {
      throw new IllegalArgumentException("--fail-step " + step
          + " only talks to the Kubernetes API: lab-sim fails host commands; use one of "
          + supportedSteps());
    }
    return new DemoFault(node, s);
  }

  /** Arms the fault: every matching command on the node fails until {@link Faults#clear()}. */
  public void arm(Faults faults) {
    if (step == NodeStep.WAIT_READY) {
      faults.neverReadyAfterRestart(node);
      return;
    }
    String[] c = COMMANDS.get(step);
    faults.failRun(node, c[0], 0, 1, c[1]);
  }

  /** What is armed, in words. */
  public String describe() {
    return step == NodeStep.WAIT_READY
        ? node + " never becomes Ready after its kubelet restart (step wait-ready)"
        : "'" + COMMANDS.get(step)[0] + "' fails on " + node + " (step " + step.label() + "): "
            + COMMANDS.get(step)[1];
  }
}
