package dev.bosun.sim.programs;

import dev.bosun.sim.LabState;
import dev.bosun.sim.host.HostState;
import dev.bosun.sim.host.KubeadmRole;
import dev.bosun.sim.host.KubeletFiles;
import dev.bosun.sim.host.Version;
import dev.bosun.sim.shell.Invocation;
import dev.bosun.sim.shell.Result;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Random;

/**
 * kubeadm init (and init phase upload-certs), join, token create and reset: bootstrap tokens with their TTL,
 * the certificate key of the kubeadm-certs Secret (one at a time, gone after 2 hours), preflight, a host joining or
 * leaving the cluster. Flags or {@code --config FILE}; output and errors as kubeadm prints them (reset in {@link KubeadmReset}).
 */
final class KubeadmBootstrap {

  static final Duration CERTIFICATE_KEY_TTL = Duration.ofHours(2);
  static final Duration DEFAULT_TOKEN_TTL = Duration.ofHours(24);

  private final LabState state;
  private final Random random = new Random();

  KubeadmBootstrap(LabState state) {
    this.state = state;
  }

  /** The CA pin of the lab's cluster (a stand-in for the SHA-256 of the CA's public key, stable per lab). */
  private String caHash() {
    return "sha256:"
        + HexFormat.of()
            .formatHex(
                java.util.Arrays.copyOf(state.controlPlaneEndpoint().repeat(8).getBytes(), 32));
  }

  private String joinCommand(String token, String certificateKey) {
    return "kubeadm join " + state.controlPlaneEndpoint() + " --token " + token
        + " --discovery-token-ca-cert-hash " + caHash() + " "
        + (certificateKey == null
            ? ""
            : "--control-plane --certificate-key " + certificateKey + " ");
  }

  private String newToken(Duration ttl) {
    String chars = "abcdefghijklmnopqrstuvwxyz0123456789";
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < 23; i++) {
      b.append(i == 6 ? '.' : chars.charAt(random.nextInt(chars.length())));
    }
    state.bootstrapTokens().add(b.toString());
    if (!ttl.isZero()) {
      state.expiries().put(b.toString(), state.now() + ttl.toMillis());
    }
    return b.toString();
  }

  Result tokenCreate(Invocation inv) {
    Result refused = Kubeadm.needsControlPlane(inv.host());
    if (refused != null) {
      return refused;
    }
    Duration ttl;
    try {
      ttl = GoDuration.parse(inv.option(null, "--ttl"), DEFAULT_TOKEN_TTL);
    } catch (IllegalArgumentException e) {
      return Kubeadm.fatal(
          1,
          "invalid argument \"" + inv.option(null, "--ttl") + "\" for \"--ttl\" flag: "
              + e.getMessage());
    }
    String token = newToken(ttl);
    if (!inv.has("--print-join-command")) {
      return Result.ok(token + "\n");
    }
    return Result.ok(joinCommand(token, inv.option(null, "--certificate-key")) + "\n");
  }

  /** Uploading re-encrypts the one kubeadm-certs Secret with a new key: earlier keys stop working. */
  private String newCertificateKey() {
    byte[] bytes = new byte[32];
    random.nextBytes(bytes);
    String key = HexFormat.of().formatHex(bytes);
    state.uploadedCertificateKeys().keySet().forEach(state.expiries()::remove);
    state.uploadedCertificateKeys().clear();
    state.uploadedCertificateKeys().put(key, "kubeadm-certs");
    state.expiries().put(key, state.now() + CERTIFICATE_KEY_TTL.toMillis());
    return key;
  }

  private static String uploadLines(String key) {
    return "[upload-certs] Storing the certificates in Secret \"kubeadm-certs\" in the \"kube-system\" Namespace\n"
        + "[upload-certs] Using certificate key:\n" + key + "\n";
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
    return Result.ok(uploadLines(newCertificateKey()));
  }

  /** The --config file's documents, or a failed Result in {@code error[0]}; null config when no --config. */
  private KubeadmConfig config(Invocation inv, Result[] error) {
    String path = inv.option(null, "--config");
    if (path == null) {
      return null;
    }
    String content = inv.host().files().get(path);
    if (content == null) {
      error[0] = Kubeadm.fatal(
          1,
          "unable to read config from \"" + path + "\" : open " + path
              + ": no such file or directory");
      return null;
    }
    try {
      return KubeadmConfig.parse(path, content);
    } catch (IllegalArgumentException e) {
      error[0] = Kubeadm.fatal(1, e.getMessage());
      return null;
    }
  }

  Result init(Invocation inv, Version kubeadm) {
    HostState host = inv.host();
    Result[] error = new Result[1];
    KubeadmConfig config = config(inv, error);
    if (error[0] != null) {
      return error[0];
    }
    String requested = config != null
        ? config.text("ClusterConfiguration", "kubernetesVersion")
        : inv.option(null, "--kubernetes-version");
    Version version = requested == null ? kubeadm : Version.parseOrNull(requested);
    if (version == null) {
      return Kubeadm.fatal(3, "invalid value for kubernetesVersion: \"" + requested + "\"");
    }
    if (version.major() != kubeadm.major() || version.minor() < kubeadm.minor() - 1) {
      return Kubeadm.fatal(
          1,
          "this version of kubeadm only supports deploying clusters with the control plane version >= "
              + kubeadm.major() + "." + (kubeadm.minor() - 1) + ".0. Current version: " + version);
    }
    String head =
        "[init] Using Kubernetes version: " + version + "\n[preflight] Running pre-flight checks\n";
    String criSocket =
        config == null ? null : config.text("InitConfiguration", "nodeRegistration.criSocket");
    Result preflight = KubeadmPreflight.check(host, criSocket, false);
    if (preflight != null) {
      return new Result(preflight.exitCode(), head, preflight.stderr());
    }
    if (state.hosts().stream().anyMatch(h -> h.kubeadmRole() == KubeadmRole.CONTROL_PLANE)) {
      return Kubeadm.fatal(
          1,
          "lab-sim: this lab already has a cluster; join this host with the command of `kubeadm token create --print-join-command`");
    }
    String endpoint =
        config == null ? null : config.text("ClusterConfiguration", "controlPlaneEndpoint");
    String warnings = version.minor() > kubeadm.minor()
        ? "\t[WARNING KubernetesVersion]: Kubernetes version is greater than kubeadm "
            + "version. Please consider to upgrade kubeadm. Kubernetes version: "
            + version.toString().substring(1) + ". Kubeadm version: "
            + kubeadm.major() + "." + kubeadm.minor() + ".x\n"
        : "";
    String waiting = head
        + "[certs] Using certificateDir folder \"/etc/kubernetes/pki\"\n[kubeconfig] Writing \"admin.conf\" kubeconfig file\n"
        + "[control-plane] Creating static Pod manifest for \"kube-apiserver\"\n[kubelet-start] Starting the kubelet\n"
        + "[wait-control-plane] Waiting for the kubelet to boot up the control plane as static Pods from directory \"/etc/kubernetes/manifests\"\n";
    if (KubeadmPreflight.cgroupDriverMismatch(host)) {
      return new Result(
          1,
          waiting
              + "[kubelet-check] The kubelet is not healthy after 4m0s\n\nUnfortunately, an error has occurred:\n"
              + "\tThe HTTP call equal to 'curl -sSL http://localhost:10248/healthz' returned error: Get \"http://localhost:10248/healthz\": "
              + "dial tcp 127.0.0.1:10248: connect: connection refused.\n",
          "error execution phase wait-control-plane: couldn't initialize a "
              + "Kubernetes cluster\n" + Kubeadm.STACK_TRACE_HINT);
    }
    if (endpoint != null && !endpoint.equals(state.controlPlaneEndpoint())) {
      return new Result(
          1,
          waiting + "[api-check] Waiting for a healthy API server. This can take up to 4m0s\n",
          "error execution phase wait-control-plane: could not check API server health: Get \"https://"
              + endpoint + "/livez?timeout=10s\": dial tcp " + endpoint
              + ": connect: connection refused\n" + Kubeadm.STACK_TRACE_HINT);
    }
    state.cluster().clusterVersion(version);
    host.kubeadmRole(KubeadmRole.CONTROL_PLANE);
    state.registerNode(host, true);
    writeKubeletFiles(host, version);
    host.files().put(Kubeadm.CERT_STAMP, "issued=" + state.now() + "\n");
    StringBuilder out = new StringBuilder(waiting.replace(
            "[preflight] Running pre-flight checks\n",
            "[preflight] Running pre-flight checks\n" + warnings))
        .append("[apiclient] All control plane components are healthy after 6.501646 seconds\n");
    String certificateKey = null;
    if (inv.has("--upload-certs")) {
      certificateKey = newCertificateKey();
      out.append(uploadLines(certificateKey));
    }
    out.append("[bootstrap-token] Using token: ");
    String token = newToken(DEFAULT_TOKEN_TTL);
    out.append(token)
        .append(
            "\n[addons] Applied essential addon: CoreDNS\n[addons] Applied essential addon: kube-proxy\n");
    String worker = joinCommand(token, null).trim().replace(" --discovery", " \\\n\t--discovery");
    out.append(
            "\nYour Kubernetes control-plane has initialized successfully!\n\nTo start using your cluster, you need to run the following as a regular user:\n\n")
        .append(
            "  mkdir -p $HOME/.kube\n  sudo cp -i /etc/kubernetes/admin.conf $HOME/.kube/config\n  sudo chown $(id -u):$(id -g) $HOME/.kube/config\n\n");
    if (certificateKey != null) {
      out.append(
              "You can now join any number of the control-plane node running the following command on each as root:\n\n  ")
          .append(worker)
          .append(" \\\n\t--control-plane --certificate-key ")
          .append(certificateKey)
          .append("\n\n")
          .append(
              "Please note that the certificate-key gives access to cluster sensitive data, keep it secret!\n")
          .append(
              "As a safeguard, uploaded-certs will be deleted in two hours; If necessary, you can use\n")
          .append(
              "\"kubeadm init phase upload-certs --upload-certs\" to reload certs afterward.\n\n");
    }
    out.append(
            "Then you can join any number of worker nodes by running the following on each as root:\n\n")
        .append(worker)
        .append("\n");
    return Result.ok(out.toString());
  }

  Result join(Invocation inv, Version kubeadm, String endpointArg) {
    HostState host = inv.host();
    Result[] error = new Result[1];
    KubeadmConfig config = config(inv, error);
    if (error[0] != null) {
      return error[0];
    }
    String endpoint = config == null
        ? endpointArg
        : config.text("JoinConfiguration", "discovery.bootstrapToken.apiServerEndpoint");
    String token = config == null
        ? inv.option(null, "--token")
        : config.text("JoinConfiguration", "discovery.bootstrapToken.token");
    String hash = config == null
        ? inv.option(null, "--discovery-token-ca-cert-hash")
        : config
            .kind("JoinConfiguration")
            .path("discovery")
            .path("bootstrapToken")
            .path("caCertHashes")
            .path(0)
            .asText(null);
    boolean controlPlane = config == null
        ? inv.has("--control-plane")
        : config.kind("JoinConfiguration").has("controlPlane");
    String key = config == null
        ? inv.option(null, "--certificate-key")
        : config.text("JoinConfiguration", "controlPlane.certificateKey");
    String criSocket =
        config == null ? null : config.text("JoinConfiguration", "nodeRegistration.criSocket");
    Result preflight =
        KubeadmPreflight.check(host, criSocket, state.joinFails().contains(host.name()));
    if (preflight != null) {
      return new Result(
          preflight.exitCode(), "[preflight] Running pre-flight checks\n", preflight.stderr());
    }
    if (endpoint == null || !endpoint.equals(state.controlPlaneEndpoint())) {
      return Kubeadm.fatal(
          1,
          "error execution phase preflight: couldn't validate the identity of the API Server: Get \"https://"
              + endpoint
              + "/api/v1/namespaces/kube-public/configmaps/cluster-info?timeout=10s\": dial tcp "
              + endpoint + ": connect: connection refused");
    }
    if (token == null || !state.live(token, state.bootstrapTokens())) {
      // An expired token's Secret is deleted by the token cleaner: its JWS signature leaves
      // cluster-info with it.
      return Kubeadm.fatal(
          1,
          "error execution phase preflight: couldn't validate the identity of the API Server: could not find a JWS signature "
              + "in the cluster-info ConfigMap for token ID \""
              + (token == null ? "" : token.split("\\.")[0]) + "\"");
    }
    if (hash != null && !hash.equals(caHash())) {
      return Kubeadm.fatal(
          1,
          "error execution phase preflight: couldn't validate the identity of the API Server: cluster CA found in "
              + "cluster-info ConfigMap is invalid: none of the public keys \"" + caHash()
              + "\" are pinned");
    }
    if (!kubeadm.sameMinor(state.cluster().clusterVersion())
        && kubeadm.compareTo(state.cluster().clusterVersion()) > 0) {
      return Kubeadm.fatal(
          1,
          "error execution phase preflight: this version of kubeadm only supports deploying clusters with the control plane version >= "
              + kubeadm.minorLabel() + ".0. Current version: " + state.cluster().clusterVersion());
    }
    if (controlPlane) {
      boolean secretThere = state.uploadedCertificateKeys().keySet().stream()
          .anyMatch(k -> state.live(k, state.uploadedCertificateKeys().keySet()));
      if (!secretThere) {
        return Kubeadm.fatal(
            1,
            "error execution phase control-plane-prepare/download-certs: error downloading certs: error downloading the secret: "
                + "Secret \"kubeadm-certs\" was not found in the \"kube-system\" Namespace. This Secret might have expired. "
                + "Please, run `kubeadm init phase upload-certs --upload-certs` on a control plane to generate a new one");
      }
      if (key == null || !state.uploadedCertificateKeys().containsKey(key)) {
        return Kubeadm.fatal(
            1,
            "error execution phase control-plane-prepare/download-certs: error downloading certs: "
                + "error decoding secret data with provided key: cipher: message authentication failed");
      }
    }
    if (KubeadmPreflight.cgroupDriverMismatch(host)) {
      return Kubeadm.fatal(
          1, "error execution phase kubelet-start: timed out waiting for the condition");
    }
    host.kubeadmRole(controlPlane ? KubeadmRole.CONTROL_PLANE : KubeadmRole.WORKER);
    state.registerNode(host, controlPlane);
    writeKubeletFiles(host, state.cluster().clusterVersion());
    if (controlPlane) {
      host.files().put(Kubeadm.CERT_STAMP, "issued=" + state.now() + "\n");
    }
    String out =
        "[preflight] Running pre-flight checks\n[preflight] Reading configuration from the cluster...\n"
            + (controlPlane
                ? "[download-certs] Downloading the certificates in Secret \"kubeadm-certs\" in the \"kube-system\" Namespace\n"
                : "")
            + "[kubelet-start] Writing kubelet configuration to file \"/var/lib/kubelet/config.yaml\"\n[kubelet-start] Starting the kubelet\n"
            + "[kubelet-start] Waiting for the kubelet to perform the TLS Bootstrap\n\n"
            + (controlPlane
                ? "This node has joined the cluster and a new control plane instance was created:\n\n"
                : "This node has joined the cluster:\n")
            + "* Certificate signing request was sent to apiserver and a response was received.\n"
            + "* The Kubelet was informed of the new secure connection details.\n\n"
            + "Run 'kubectl get nodes' on the control-plane to see this node join the cluster.\n";
    return Result.ok(out);
  }

  /** What kubeadm's kubelet-start phase writes on init and join: the cluster's KubeletConfiguration and the flags file. */
  private static void writeKubeletFiles(HostState host, Version version) {
    host.files().put(KubeletFiles.CONFIG, KubeletFiles.clusterConfig());
    host.files().put(KubeletFiles.FLAGS, KubeletFiles.flags(version));
  }
}
