package dev.bosun.sim.programs;

import dev.bosun.sim.LabState;
import dev.bosun.sim.host.HostState;
import dev.bosun.sim.host.KubeadmRole;
import dev.bosun.sim.shell.Invocation;
import dev.bosun.sim.shell.Result;

/** kubeadm reset -f: the host back to not initialised, kubelet stopped, kubeadm's files gone (its Node stays in the API). */
final class KubeadmReset {

  private final LabState state;

  KubeadmReset(LabState state) {
    this.state = state;
  }

  Result reset(Invocation inv) {
    if (!inv.has("-f") && !inv.has("--force")) {
      return new Result(
          1,
          "[reset] Are you sure you want to proceed? [y/N]: ",
          "won't proceed; the user didn't answer (Y|n) in order to continue\n"
              + Kubeadm.STACK_TRACE_HINT);
    }
    HostState host = inv.host();
    boolean wasControlPlane = host.kubeadmRole() == KubeadmRole.CONTROL_PLANE;
    host.kubeadmRole(KubeadmRole.NOT_INITIALISED);
    host.controlPlaneVersion(null);
    host.kubeletConfigVersion(null);
    // What kubeadm deletes: its manifests, certificates and kubeconfigs (not other files an
    // operator put in /etc/kubernetes).
    host.files()
        .keySet()
        .removeIf(p -> p.startsWith("/etc/kubernetes/manifests/")
            || p.startsWith("/etc/kubernetes/pki/")
            || p.matches(
                "/etc/kubernetes/(admin|super-admin|kubelet|bootstrap-kubelet|controller-manager|scheduler)\\.conf")
            // and the kubelet's files its kubelet-start phase wrote (reset's cleanup-node phase)
            || p.equals(dev.bosun.sim.host.KubeletFiles.CONFIG)
            || p.equals(dev.bosun.sim.host.KubeletFiles.FLAGS));
    state.stopKubelet(host);
    // the pods the kubelet ran go with it: the real Velero server lab-sim runs for this host's
    // install
    state.stopProcesses(host.name());
    if (wasControlPlane) {
      state.cluster().removeMirrorPods(host.name());
    }
    String out = "[preflight] Running pre-flight checks\n"
        + (wasControlPlane
            ? "[reset] Deleted contents of the etcd data directory: /var/lib/etcd\n"
            : "")
        + "[reset] Stopping the kubelet service\n[reset] Unmounting mounted directories in \"/var/lib/kubelet\"\n"
        + "[reset] Deleting contents of directories: [/etc/kubernetes/manifests /var/lib/kubelet /etc/kubernetes/pki]\n"
        + "[reset] Deleting files: [/etc/kubernetes/admin.conf /etc/kubernetes/super-admin.conf /etc/kubernetes/kubelet.conf "
        + "/etc/kubernetes/bootstrap-kubelet.conf /etc/kubernetes/controller-manager.conf /etc/kubernetes/scheduler.conf]\n\n"
        + "The reset process does not clean CNI configuration. To do so, you must remove /etc/cni/net.d\n\n"
        + "The reset process does not reset or clean up iptables rules or IPVS tables.\n"
        + "If you wish to reset iptables, you must do so manually by using the \"iptables\" command.\n\n"
        + "The reset process does not clean your kubeconfig files and you must remove them manually.\n"
        + "Please, check the contents of the $HOME/.kube/config file.\n";
    return Result.ok(out);
  }
}
