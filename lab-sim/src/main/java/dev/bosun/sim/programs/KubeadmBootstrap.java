package dev.bosun.sim.programs;

import dev.bosun.sim.LabState;
import dev.bosun.sim.host.HostState;
import dev.bosun.sim.host.KubeadmRole;
import dev.bosun.sim.host.Version;
import java.util.HexFormat;
import java.util.Random;
import dev.bosun.sim.shell.Invocation;
import dev.bosun.sim.shell.Result;

/** kubeadm init (and init phase upload-certs), join, token create and reset: bootstrap tokens, certificate keys, a host joining or leaving the cluster. */
final class KubeadmBootstrap {

  private final LabState state;
  private final Random random = new Random();

  KubeadmBootstrap(LabState state) {
    this.state = state;
  }

  private String joinCommand(String token, String certificateKey) {
    String hash = "sha256:" + HexFormat.of().formatHex(java.util.Arrays.copyOf(state.controlPlaneEndpoint().repeat(8).getBytes(), 32));
    return "kubeadm join " + state.controlPlaneEndpoint() + " --token " + token + " --discovery-token-ca-cert-hash " + hash + " "
        + (certificateKey == null ? "" : "--control-plane --certificate-key " + certificateKey + " ");
  }

  private String newToken() {
    String chars = "abcdefghijklmnopqrstuvwxyz0123456789";
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < 23; i++) {
      b.append(i == 6 ? '.' : chars.charAt(random.nextInt(chars.length())));
    }
    state.bootstrapTokens().add(b.toString());
    return b.toString();
  }

  Result tokenCreate(Invocation inv) {
    Result refused = Kubeadm.needsControlPlane(inv.host());
    if (refused != null) {
      return refused;
    }
    String token = newToken();
    if (!inv.has("--print-join-command")) {
      return Result.ok(token + "\n");
    }
    return Result.ok(joinCommand(token, inv.option(null, "--certificate-key")) + "\n");
  }

  private Result preflightNotInitialised(HostState host) {
    if (host.kubeadmRole() == KubeadmRole.NOT_INITIALISED) {
      return null;
    }
    return Kubeadm.fatal(Kubeadm.PREFLIGHT_EXIT, "error execution phase preflight: [preflight] Some fatal errors occurred:\n"
        + "\t[ERROR FileAvailable--etc-kubernetes-kubelet.conf]: /etc/kubernetes/kubelet.conf already exists\n"
        + "\t[ERROR Port-10250]: Port 10250 is in use\n"
        + "[preflight] If you know what you are doing, you can make a check non-fatal with `--ignore-preflight-errors=...`");
  }

  private String newCertificateKey(HostState host) {
    String key = HexFormat.of().formatHex(java.nio.ByteBuffer.allocate(32).putLong(random.nextLong()).putLong(random.nextLong())
        .putLong(random.nextLong()).putLong(random.nextLong()).array());
    state.uploadedCertificateKeys().put(key, host.name());
    return key;
  }

  /** kubeadm init phase upload-certs --upload-certs: a fresh certificate key for control-plane joins. */
  Result uploadCerts(Invocation inv) {
    Result refused = Kubeadm.needsControlPlane(inv.host());
    if (refused != null) {
      return refused;
    }
    if (!inv.has("--upload-certs")) {
      return Result.ok("[upload-certs] Skipping phase. Please see --upload-certs\n");
    }
    return Result.ok("[upload-certs] Storing the certificates in Secret \"kubeadm-certs\" in the \"kube-system\" Namespace\n"
        + "[upload-certs] Using certificate key:\n" + newCertificateKey(inv.host()) + "\n");
  }

  Result init(Invocation inv, Version kubeadm) {
    HostState host = inv.host();
    Result refused = preflightNotInitialised(host);
    if (refused != null) {
      return refused;
    }
    if (state.hosts().stream().anyMatch(h -> h.kubeadmRole() == KubeadmRole.CONTROL_PLANE)) {
      return Kubeadm.fatal(1, "lab-sim: this lab already has a cluster; join this host with the command of `kubeadm token create --print-join-command`");
    }
    String requested = inv.option(null, "--kubernetes-version");
    Version version = requested == null ? kubeadm : Version.parseOrNull(requested);
    if (version == null) {
      return Kubeadm.fatal(3, "invalid value for --kubernetes-version: \"" + requested + "\"");
    }
    state.cluster().clusterVersion(version);
    host.kubeadmRole(KubeadmRole.CONTROL_PLANE);
    state.registerNode(host, true);
    host.files().put(Kubeadm.CERT_STAMP, "issued=" + state.now() + "\n");
    String certificateKey = null;
    StringBuilder out = new StringBuilder("[init] Using Kubernetes version: " + version + "\n[preflight] Running pre-flight checks\n"
        + "[certs] Using certificateDir folder \"/etc/kubernetes/pki\"\n[kubeconfig] Writing \"admin.conf\" kubeconfig file\n"
        + "[control-plane] Creating static Pod manifest for \"kube-apiserver\"\n[kubelet-start] Starting the kubelet\n");
    if (inv.has("--upload-certs")) {
      certificateKey = newCertificateKey(host);
      out.append("[upload-certs] Storing the certificates in Secret \"kubeadm-certs\" in the \"kube-system\" Namespace\n")
          .append("[upload-certs] Using certificate key:\n").append(certificateKey).append('\n');
    }
    String token = newToken();
    String worker = joinCommand(token, null).trim().replace(" --discovery", " \\\n\t--discovery");
    out.append("\nYour Kubernetes control-plane has initialized successfully!\n\nTo start using your cluster, you need to run the following as a regular user:\n\n")
        .append("  mkdir -p $HOME/.kube\n  sudo cp -i /etc/kubernetes/admin.conf $HOME/.kube/config\n  sudo chown $(id -u):$(id -g) $HOME/.kube/config\n\n");
    if (certificateKey != null) {
      out.append("You can now join any number of the control-plane node running the following command on each as root:\n\n  ")
          .append(worker).append(" \\\n\t--control-plane --certificate-key ").append(certificateKey).append("\n\n");
    }
    out.append("Then you can join any number of worker nodes by running the following on each as root:\n\n").append(worker).append("\n");
    return Result.ok(out.toString());
  }

  Result join(Invocation inv, Version kubeadm, String endpoint) {
    HostState host = inv.host();
    Result refused = preflightNotInitialised(host);
    if (refused != null) {
      return refused;
    }
    String token = inv.option(null, "--token");
    if (endpoint == null || !endpoint.equals(state.controlPlaneEndpoint())) {
      return Kubeadm.fatal(1, "error execution phase preflight: couldn't validate the identity of the API Server: Get \"https://" + endpoint
          + "/api/v1/namespaces/kube-public/configmaps/cluster-info?timeout=10s\": dial tcp " + endpoint + ": connect: connection refused");
    }
    if (token == null || !state.bootstrapTokens().contains(token)) {
      return Kubeadm.fatal(1, "error execution phase preflight: couldn't validate the identity of the API Server: could not find a JWS signature "
          + "in the cluster-info ConfigMap for token ID \"" + (token == null ? "" : token.split("\\.")[0]) + "\"");
    }
    if (!kubeadm.sameMinor(state.cluster().clusterVersion()) && kubeadm.compareTo(state.cluster().clusterVersion()) > 0) {
      return Kubeadm.fatal(1, "error execution phase preflight: this version of kubeadm only supports deploying clusters with the control plane version >= "
          + kubeadm.minorLabel() + ".0. Current version: " + state.cluster().clusterVersion());
    }
    boolean controlPlane = inv.has("--control-plane");
    if (controlPlane) {
      String key = inv.option(null, "--certificate-key");
      if (key == null || !state.uploadedCertificateKeys().containsKey(key)) {
        return Kubeadm.fatal(1, "error execution phase control-plane-prepare/download-certs: error downloading certs: error downloading the secret: "
            + "Secret \"kubeadm-certs\" was not found in the \"kube-system\" Namespace. This Secret might have expired. "
            + "Please, run `kubeadm init phase upload-certs --upload-certs` on a control plane to generate a new one");
      }
    }
    host.kubeadmRole(controlPlane ? KubeadmRole.CONTROL_PLANE : KubeadmRole.WORKER);
    state.registerNode(host, controlPlane);
    if (controlPlane) {
      host.files().put(Kubeadm.CERT_STAMP, "issued=" + state.now() + "\n");
    }
    String out = "[preflight] Running pre-flight checks\n[preflight] Reading configuration from the cluster...\n"
        + "[kubelet-start] Writing kubelet configuration to file \"/var/lib/kubelet/config.yaml\"\n[kubelet-start] Starting the kubelet\n"
        + "[kubelet-start] Waiting for the kubelet to perform the TLS Bootstrap\n\n"
        + (controlPlane ? "This node has joined the cluster and a new control plane instance was created:\n\n"
            : "This node has joined the cluster:\n")
        + "* Certificate signing request was sent to apiserver and a response was received.\n"
        + "* The Kubelet was informed of the new secure connection details.\n\n"
        + "Run 'kubectl get nodes' on the control-plane to see this node join the cluster.\n";
    return Result.ok(out);
  }

  Result reset(Invocation inv) {
    if (!inv.has("-f") && !inv.has("--force")) {
      return new Result(1, "[reset] Are you sure you want to proceed? [y/N]: ",
          "won't proceed; the user didn't answer (Y|n) in order to continue\n" + Kubeadm.STACK_TRACE_HINT);
    }
    HostState host = inv.host();
    boolean wasControlPlane = host.kubeadmRole() == KubeadmRole.CONTROL_PLANE;
    host.kubeadmRole(KubeadmRole.NOT_INITIALISED);
    host.controlPlaneVersion(null);
    host.kubeletConfigVersion(null);
    host.files().keySet().removeIf(p -> p.startsWith("/etc/kubernetes/"));
    state.stopKubelet(host);
    if (wasControlPlane) {
      state.cluster().removeMirrorPods(host.name());
    }
    String out = "[preflight] Running pre-flight checks\n"
        + (wasControlPlane ? "[reset] Deleted contents of the etcd data directory: /var/lib/etcd\n" : "")
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
