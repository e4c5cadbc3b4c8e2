package dev.bosun.sim.programs;

import dev.bosun.sim.host.HostState;
import dev.bosun.sim.host.KubeadmRole;
import dev.bosun.sim.shell.Result;
import java.util.ArrayList;
import java.util.List;

/** kubeadm's preflight checks of init and join that a host's setup decides (exit 2, one [ERROR Name] line per failure). */
final class KubeadmPreflight {

  static final String CRI_SOCKET = "unix:///var/run/containerd/containerd.sock";

  private KubeadmPreflight() {}

  /** The fatal errors of {@code host}'s preflight, or null when it passes; {@code criSocket} null = the default. */
  static Result check(HostState host, String criSocket, boolean joinFault) {
    if (host.kubeadmRole() != KubeadmRole.NOT_INITIALISED) {
      return fatal(List.of(
          "[ERROR FileAvailable--etc-kubernetes-kubelet.conf]: /etc/kubernetes/kubelet.conf already exists",
          "[ERROR Port-10250]: Port 10250 is in use"));
    }
    List<String> errors = new ArrayList<>();
    String socket = criSocket == null ? CRI_SOCKET : criSocket;
    if (!host.containerdActive() || !socket.equals(CRI_SOCKET)) {
      String path = socket.replace("unix://", "");
      errors.add(
          "[ERROR CRI]: container runtime is not running: output: time=\"2024-11-21T05:00:00Z\" level=fatal msg=\"validate service "
              + "connection: validate CRI v1 runtime API for endpoint \\\"" + socket
              + "\\\": rpc error: code = Unavailable desc = connection "
              + "error: desc = \\\"transport: Error while dialing: dial unix " + path
              + ": connect: no such file or directory\\\"\"\n, error: exit status 1");
    }
    if (host.swapOn()) {
      errors.add("[ERROR Swap]: running with swap on is not supported. Please disable swap");
    }
    String bridge = host.files().get(HostState.BRIDGE_NF_CALL_IPTABLES);
    if (bridge == null) {
      errors.add("[ERROR FileContent--proc-sys-net-bridge-bridge-nf-call-iptables]: "
          + HostState.BRIDGE_NF_CALL_IPTABLES + " does not exist");
    } else if (!bridge.trim().equals("1")) {
      errors.add("[ERROR FileContent--proc-sys-net-bridge-bridge-nf-call-iptables]: "
          + HostState.BRIDGE_NF_CALL_IPTABLES + " contents are not set to 1");
    }
    if (!"1".equals(host.files().getOrDefault(HostState.IP_FORWARD, "").trim())) {
      errors.add("[ERROR FileContent--proc-sys-net-ipv4-ip_forward]: " + HostState.IP_FORWARD
          + " contents are not set to 1");
    }
    if (joinFault) {
      errors.add("[ERROR Port-10250]: Port 10250 is in use");
    }
    return errors.isEmpty() ? null : fatal(errors);
  }

  private static Result fatal(List<String> errors) {
    StringBuilder b = new StringBuilder(
        "error execution phase preflight: [preflight] Some fatal errors occurred:\n");
    errors.forEach(e -> b.append('\t').append(e).append('\n'));
    b.append(
        "[preflight] If you know what you are doing, you can make a check non-fatal with `--ignore-preflight-errors=...`");
    return Kubeadm.fatal(Kubeadm.PREFLIGHT_EXIT, b.toString());
  }

  /** The kubelet cannot run static pods when containerd uses cgroupfs and the kubelet systemd (kubeadm's default). */
  static boolean cgroupDriverMismatch(HostState host) {
    String config = host.files().get(HostState.CONTAINERD_CONFIG);
    return config == null || !config.contains("SystemdCgroup = true");
  }
}
