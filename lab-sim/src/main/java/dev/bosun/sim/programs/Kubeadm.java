package dev.bosun.sim.programs;

import dev.bosun.sim.LabState;
import dev.bosun.sim.host.HostState;
import dev.bosun.sim.host.KubeadmRole;
import dev.bosun.sim.host.Version;
import dev.bosun.sim.kube.LabCluster;
import io.fabric8.kubernetes.api.model.Node;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import dev.bosun.sim.shell.Invocation;
import dev.bosun.sim.shell.Result;

/** kubeadm: version, upgrade plan/apply/node, init, join, token create, reset, certs check-expiration. */
final class Kubeadm {

  static final String STACK_TRACE_HINT = "To see the stack trace of this error execute with --v=5 or higher\n";
  private static final int PREFLIGHT_EXIT = 2;
  private static final String COREDNS = "v1.11.3";
  private static final String ETCD = "3.5.15-0";
  private static final long DAY = 86_400_000L;
  private static final List<String[]> CERTS = List.of(
      new String[] {"admin.conf", "ca"}, new String[] {"apiserver", "ca"}, new String[] {"apiserver-etcd-client", "etcd-ca"},
      new String[] {"apiserver-kubelet-client", "ca"}, new String[] {"controller-manager.conf", "ca"},
      new String[] {"etcd-healthcheck-client", "etcd-ca"}, new String[] {"etcd-peer", "etcd-ca"},
      new String[] {"etcd-server", "etcd-ca"}, new String[] {"front-proxy-client", "front-proxy-ca"},
      new String[] {"scheduler.conf", "ca"}, new String[] {"super-admin.conf", "ca"});
  static final String CERT_STAMP = "/etc/kubernetes/pki/apiserver.crt";

  private final LabState state;
  private final Random random = new Random();

  Kubeadm(LabState state) {
    this.state = state;
  }

  private static Result fatal(int code, String message) {
    return Result.fail(code, message + (message.endsWith("\n") ? "" : "\n") + STACK_TRACE_HINT);
  }

  private static String klog(char level, String file, String message) {
    String t = DateTimeFormatter.ofPattern("MMdd HH:mm:ss.SSSSSS").withZone(ZoneOffset.UTC).format(Instant.now());
    return level + t + "    4242 " + file + "] " + message + "\n";
  }

  private static Result notRoot() {
    return fatal(PREFLIGHT_EXIT, "[preflight] Some fatal errors occurred:\n\t[ERROR IsPrivilegedUser]: user is not running as root\n"
        + "[preflight] If you know what you are doing, you can make a check non-fatal with `--ignore-preflight-errors=...`");
  }

  Result run(Invocation inv) {
    Version kubeadm = inv.host().packageVersion("kubeadm");
    if (kubeadm == null) {
      return Programs.notInstalled(inv);
    }
    List<String> words = inv.rest().stream().filter(a -> !a.startsWith("-")).toList();
    String sub = words.isEmpty() ? "" : words.get(0);
    if (sub.equals("version")) {
      return version(inv, kubeadm);
    }
    if (!inv.root()) {
      return notRoot();
    }
    String sub2 = words.size() > 1 ? words.get(1) : "";
    return switch (sub + " " + sub2) {
      case "upgrade plan" -> plan(inv, kubeadm);
      case "upgrade apply" -> apply(inv, kubeadm, words.size() > 2 ? words.get(2) : null);
      case "upgrade node" -> upgradeNode(inv, kubeadm);
      case "token create" -> tokenCreate(inv);
      case "certs check-expiration" -> checkExpiration(inv);
      default -> switch (sub) {
        case "init" -> words.size() > 2 && words.get(1).equals("phase") && words.get(2).equals("upload-certs")
            ? uploadCerts(inv) : init(inv, kubeadm);
        case "join" -> join(inv, kubeadm, words.size() > 1 ? words.get(1) : null);
        case "reset" -> reset(inv);
        default -> fatal(1, "unknown command \"" + String.join(" ", words) + "\" for \"kubeadm\"");
      };
    };
  }

  // ---- version -------------------------------------------------------------------------------------

  private Result version(Invocation inv, Version v) {
    String output = inv.option("-o", "--output");
    if ("short".equals(output)) {
      return Result.ok(v + "\n");
    }
    Map<String, Object> info = new LinkedHashMap<>();
    info.put("major", Integer.toString(v.major()));
    info.put("minor", Integer.toString(v.minor()));
    info.put("gitVersion", v.toString());
    info.put("gitCommit", HexFormat.of().formatHex(v.toString().repeat(4).getBytes()).substring(0, 40));
    info.put("gitTreeState", "clean");
    info.put("buildDate", "2024-10-22T20:33:31Z");
    info.put("goVersion", "go1.22.8");
    info.put("compiler", "gc");
    info.put("platform", "linux/amd64");
    if ("json".equals(output)) {
      return Result.ok(GoJson.indent(Map.of("clientVersion", info), "  "));
    }
    if ("yaml".equals(output)) {
      StringBuilder b = new StringBuilder("clientVersion:\n");
      info.forEach((k, val) -> b.append("  ").append(k).append(": ").append(k.equals("major") || k.equals("minor") ? "\"" + val + "\"" : val).append('\n'));
      return Result.ok(b.toString());
    }
    if (output != null && !output.isEmpty()) {
      return fatal(1, "error: invalid output format: " + output);
    }
    return Result.ok("kubeadm version: &version.Info{Major:\"" + v.major() + "\", Minor:\"" + v.minor() + "\", GitVersion:\"" + v
        + "\", GitCommit:\"" + info.get("gitCommit") + "\", GitTreeState:\"clean\", BuildDate:\"2024-10-22T20:33:31Z\", "
        + "GoVersion:\"go1.22.8\", Compiler:\"gc\", Platform:\"linux/amd64\"}\n");
  }

  // ---- upgrade plan ---------------------------------------------------------------------------------

  private Result needsControlPlane(HostState host) {
    if (host.kubeadmRole() != KubeadmRole.CONTROL_PLANE) {
      return fatal(1, "couldn't create a Kubernetes client from file \"/etc/kubernetes/admin.conf\": failed to load admin kubeconfig: "
          + "open /etc/kubernetes/admin.conf: no such file or directory");
    }
    return null;
  }

  private Result plan(Invocation inv, Version kubeadm) {
    Result refused = needsControlPlane(inv.host());
    if (refused != null) {
      return refused;
    }
    LabCluster cluster = state.cluster();
    Version current = cluster.clusterVersion();
    // Offline, kubeadm cannot reach dl.k8s.io and falls back to its own version as "stable".
    String err = klog('W', "version.go:108", "could not fetch a Kubernetes version from the internet: unable to get URL "
        + "\"https://dl.k8s.io/release/stable.txt\": Get \"https://dl.k8s.io/release/stable.txt\": dial tcp: lookup dl.k8s.io: no such host")
        + klog('W', "version.go:109", "falling back to the local client version: " + kubeadm);
    String output = inv.option("-o", "--output");
    boolean json = "json".equals(output);
    StringBuilder out = new StringBuilder();
    if (!json) {
      out.append("[preflight] Running pre-flight checks.\n[upgrade/config] Reading configuration from the cluster...\n")
          .append("[upgrade/config] FYI: You can look at this config file with 'kubectl -n kube-system get cm kubeadm-config -o yaml'\n")
          .append("[upgrade] Running cluster health checks\n[upgrade] Fetching available versions to upgrade to\n")
          .append("[upgrade/versions] Cluster version: ").append(current).append('\n')
          .append("[upgrade/versions] kubeadm version: ").append(kubeadm).append('\n')
          .append("[upgrade/versions] Target version: ").append(kubeadm).append('\n')
          .append("[upgrade/versions] Latest version in the ").append(current.minorLabel()).append(" series: ").append(current).append("\n\n");
    }
    if (kubeadm.compareTo(current) <= 0) {
      return new Result(0, out.toString(), err);
    }
    String description = kubeadm.sameMinor(current) ? "version in the " + current.minorLabel() + " series" : "stable version";
    List<Map<String, Object>> components = new ArrayList<>();
    List<Node> nodes = cluster.nodes();
    for (Node n : nodes) {
      components.add(component("kubelet", n.getStatus().getNodeInfo().getKubeletVersion(), kubeadm.toString(), n.getMetadata().getName()));
    }
    List<HostState> cps = state.hosts().stream().filter(h -> h.kubeadmRole() == KubeadmRole.CONTROL_PLANE).toList();
    for (String c : HostState.CONTROL_PLANE_COMPONENTS) {
      for (HostState cp : cps) {
        components.add(component(c, String.valueOf(cp.controlPlaneVersion()), kubeadm.toString(), cp.name()));
      }
    }
    components.add(component("kube-proxy", current.toString(), kubeadm.toString(), null));
    components.add(component("CoreDNS", COREDNS, COREDNS, null));
    components.add(component("kubeadm", kubeadm.toString(), kubeadm.toString(), null));
    for (HostState cp : cps) {
      components.add(component("etcd", ETCD, ETCD, cp.name()));
    }
    if (json) {
      Map<String, Object> plan = new LinkedHashMap<>();
      plan.put("kind", "UpgradePlan");
      plan.put("apiVersion", "output.kubeadm.k8s.io/v1alpha3");
      plan.put("availableUpgrades", List.of(Map.of("description", description, "components", components)));
      Map<String, Object> kubeProxy = new LinkedHashMap<>();
      kubeProxy.put("group", "kubeproxy.config.k8s.io");
      kubeProxy.put("currentVersion", "v1alpha1");
      kubeProxy.put("preferredVersion", "v1alpha1");
      kubeProxy.put("manualUpgradeRequired", false);
      Map<String, Object> kubelet = new LinkedHashMap<>(kubeProxy);
      kubelet.put("group", "kubelet.config.k8s.io");
      kubelet.put("currentVersion", "v1beta1");
      kubelet.put("preferredVersion", "v1beta1");
      plan.put("configVersions", List.of(kubeProxy, kubelet));
      return new Result(0, GoJson.indent(orderedPlan(plan), "    "), err);
    }
    if (output != null && !output.equals("text")) {
      return fatal(1, "error: unable to match a printer suitable for the output format \"" + output + "\"");
    }
    out.append("Components that must be upgraded manually after you have upgraded the control plane with 'kubeadm upgrade apply':\n");
    table(out, components.stream().filter(c -> c.get("name").equals("kubelet")).toList());
    out.append("\nUpgrade to the latest ").append(description).append(":\n\n");
    table(out, components.stream().filter(c -> !c.get("name").equals("kubelet") && !c.get("name").equals("kubeadm")).toList());
    out.append("\nYou can now apply the upgrade by executing the following command:\n\n\tkubeadm upgrade apply ").append(kubeadm)
        .append("\n\n_____________________________________________________________________\n\n");
    return new Result(0, out.toString(), err);
  }

  /** Keeps Go's struct field order: availableUpgrades' entries print description before components. */
  private static Map<String, Object> orderedPlan(Map<String, Object> plan) {
    @SuppressWarnings("unchecked")
    Map<String, Object> upgrade = (Map<String, Object>) ((List<?>) plan.get("availableUpgrades")).get(0);
    Map<String, Object> ordered = new LinkedHashMap<>();
    ordered.put("description", upgrade.get("description"));
    ordered.put("components", upgrade.get("components"));
    plan.put("availableUpgrades", List.of(ordered));
    return plan;
  }

  private static Map<String, Object> component(String name, String current, String target, String node) {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("name", name);
    c.put("currentVersion", current);
    c.put("newVersion", target);
    if (node != null) {
      c.put("nodeName", node);
    }
    return c;
  }

  private static void table(StringBuilder out, List<Map<String, Object>> rows) {
    String fmt = "%-26s%-10s%-10s%s%n";
    out.append(String.format(fmt, "COMPONENT", "NODE", "CURRENT", "TARGET"));
    for (Map<String, Object> r : rows) {
      out.append(String.format(fmt, r.get("name"), r.getOrDefault("nodeName", ""), r.get("currentVersion"), r.get("newVersion")));
    }
  }

  // ---- upgrade apply --------------------------------------------------------------------------------

  private Result apply(Invocation inv, Version kubeadm, String requested) {
    Result refused = needsControlPlane(inv.host());
    if (refused != null) {
      return refused;
    }
    if (requested == null) {
      return fatal(1, "[upgrade/version] FATAL: missing version argument; use `kubeadm upgrade apply <version>`");
    }
    Version target = Version.parseOrNull(requested);
    if (target == null || !requested.matches("v?\\d+\\.\\d+\\.\\d+")) {
      return fatal(1, "[upgrade/version] FATAL: unable to parse normalized version \"" + requested + "\" as a semantic version");
    }
    boolean force = inv.has("-f") || inv.has("--force");
    boolean yes = inv.has("-y") || inv.has("--yes");
    LabCluster cluster = state.cluster();
    Version current = cluster.clusterVersion();
    List<String> mandatory = new ArrayList<>();
    List<String> skippable = new ArrayList<>();
    if (target.compareTo(current) < 0) {
      if (target.minor() < current.minor() - 1 || target.major() != current.major()) {
        mandatory.add("Specified version to downgrade to \"" + target + "\" is too low; kubeadm can downgrade only 1 minor version at a time");
      } else {
        skippable.add("Specified version to upgrade to \"" + target + "\" is equal to or lower than the cluster version \"" + current
            + "\". Downgrades are not supported yet");
      }
    } else if (target.major() != current.major() || target.minor() > current.minor() + 1) {
      mandatory.add("Specified version to upgrade to \"" + target + "\" is too high; kubeadm can upgrade only 1 minor version at a time");
    }
    if (kubeadm.compareTo(target) < 0) {
      mandatory.add("Specified version to upgrade to \"" + target + "\" is higher than the kubeadm version \"" + kubeadm
          + "\". Upgrade kubeadm first using the tool you used to install kubeadm");
    }
    if (kubeadm.major() > target.major() || kubeadm.minor() > target.minor()) {
      skippable.add("Kubeadm version \"" + kubeadm + "\" can only be used to upgrade to Kubernetes version \"" + kubeadm.minorLabel() + "\"");
    }
    if (!mandatory.isEmpty() || !skippable.isEmpty() && !force) {
      StringBuilder b = new StringBuilder("[upgrade/version] FATAL: the --version argument is invalid due to these errors:\n\n");
      mandatory.forEach(m -> b.append("\t- ").append(m).append('\n'));
      skippable.forEach(m -> b.append("\t- ").append(m).append('\n'));
      b.append('\n');
      if (mandatory.isEmpty()) {
        b.append("Can be bypassed if you pass the --force flag\n");
      }
      return fatal(1, b.toString());
    }
    String ignore = inv.option(null, "--ignore-preflight-errors");
    List<String> notReady = cluster.nodes().stream().filter(LabCluster::isControlPlane)
        .map(n -> n.getMetadata().getName()).filter(n -> !cluster.isReady(n)).toList();
    if (!notReady.isEmpty() && (ignore == null || !(ignore.contains("all") || ignore.contains("ControlPlaneNodesReady")))) {
      return fatal(PREFLIGHT_EXIT, "[upgrade/health] FATAL: [preflight] Some fatal errors occurred:\n"
          + "\t[ERROR ControlPlaneNodesReady]: there are NotReady control-planes in the cluster: " + notReady + "\n"
          + "[preflight] If you know what you are doing, you can make a check non-fatal with `--ignore-preflight-errors=...`");
    }
    StringBuilder out = new StringBuilder("[preflight] Running pre-flight checks.\n[upgrade/config] Reading configuration from the cluster...\n"
        + "[upgrade/config] FYI: You can look at this config file with 'kubectl -n kube-system get cm kubeadm-config -o yaml'\n"
        + "[upgrade] Running cluster health checks\n[upgrade/version] You have chosen to change the cluster version to \"" + target + "\"\n"
        + "[upgrade/versions] Cluster version: " + current + "\n[upgrade/versions] kubeadm version: " + kubeadm + "\n");
    if (!yes) {
      return new Result(1, out.append("[upgrade] Are you sure you want to proceed? [y/N]: ").toString(),
          "won't proceed; the user didn't answer (Y|n) in order to continue\n" + STACK_TRACE_HINT);
    }
    if (inv.has("--dry-run")) {
      return Result.ok(out.append("[upgrade/successful] Finished dryrunning successfully!\n").toString());
    }
    HostState host = inv.host();
    out.append("[upgrade/prepull] Pulling images required for setting up a Kubernetes cluster\n")
        .append("[upgrade/apply] Upgrading your Static Pod-hosted control plane to version \"").append(target).append("\" (timeout: 5m0s)...\n")
        .append("[upgrade/staticpods] Writing new Static Pod manifests to \"/etc/kubernetes/tmp/kubeadm-upgraded-manifests\"\n");
    for (String c : HostState.CONTROL_PLANE_COMPONENTS) {
      out.append("[upgrade/staticpods] Moving new manifest to \"/etc/kubernetes/manifests/").append(c).append(".yaml\"\n")
          .append("[upgrade/staticpods] Component \"").append(c).append("\" upgraded successfully!\n");
    }
    upgradeControlPlane(host, target);
    cluster.clusterVersion(target);
    out.append("[upload-config] Storing the configuration used in ConfigMap \"kubeadm-config\" in the \"kube-system\" Namespace\n")
        .append("[kubelet] Creating a ConfigMap \"kubelet-config\" in namespace kube-system with the configuration for the kubelets in the cluster\n")
        .append("[addons] Applied essential addon: CoreDNS\n[addons] Applied essential addon: kube-proxy\n\n")
        .append("[upgrade] SUCCESS! A control plane node of your cluster was upgraded to \"").append(target).append("\".\n\n")
        .append("[upgrade] Now please proceed with upgrading the rest of the nodes by following the right order.\n");
    return Result.ok(out.toString());
  }

  private void upgradeControlPlane(HostState host, Version target) {
    host.controlPlaneVersion(target);
    host.kubeletConfigVersion(target);
    host.files().put(CERT_STAMP, "issued=" + state.now() + "\n");
    state.cluster().syncMirrorPods(host.name(), target, state.now());
  }

  // ---- upgrade node ---------------------------------------------------------------------------------

  private Result upgradeNode(Invocation inv, Version kubeadm) {
    HostState host = inv.host();
    if (host.kubeadmRole() == KubeadmRole.NOT_INITIALISED) {
      return fatal(1, "couldn't create a Kubernetes client from file \"/etc/kubernetes/kubelet.conf\": failed to load admin kubeconfig: "
          + "open /etc/kubernetes/kubelet.conf: no such file or directory");
    }
    Version target = state.cluster().clusterVersion();
    if (kubeadm.compareTo(target) < 0 && !kubeadm.sameMinor(target)) {
      return fatal(1, "[upgrade/version] FATAL: the --version argument is invalid due to these errors:\n\n\t- Specified version to upgrade to \""
          + target + "\" is higher than the kubeadm version \"" + kubeadm + "\". Upgrade kubeadm first using the tool you used to install kubeadm\n");
    }
    StringBuilder out = new StringBuilder("[upgrade] Reading configuration from the cluster...\n"
        + "[upgrade] FYI: You can look at this config file with 'kubectl -n kube-system get cm kubeadm-config -o yaml'\n"
        + "[preflight] Running pre-flight checks\n");
    if (host.kubeadmRole() == KubeadmRole.CONTROL_PLANE) {
      out.append("[preflight] Pulling images required for setting up a Kubernetes cluster\n")
          .append("[upgrade] Upgrading your Static Pod-hosted control plane instance to version \"").append(target).append("\"...\n");
      for (String c : HostState.CONTROL_PLANE_COMPONENTS) {
        out.append("[upgrade/staticpods] Component \"").append(c).append("\" upgraded successfully!\n");
      }
      upgradeControlPlane(host, target);
    } else {
      out.append("[preflight] Skipping prepull. Not a control plane node.\n[upgrade] Skipping phase. Not a control plane node.\n");
      host.kubeletConfigVersion(target);
    }
    out.append("[upgrade] Backing up kubelet config file to /etc/kubernetes/tmp/kubeadm-kubelet-config/config.yaml\n")
        .append("[kubelet-start] Writing kubelet configuration to file \"/var/lib/kubelet/config.yaml\"\n")
        .append("[upgrade] The configuration for this node was successfully updated!\n")
        .append("[upgrade] Now you should go ahead and upgrade the kubelet package using your package manager.\n");
    return Result.ok(out.toString());
  }

  // ---- init / join / token / reset ---------------------------------------------------------------------

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

  private Result tokenCreate(Invocation inv) {
    Result refused = needsControlPlane(inv.host());
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
    return fatal(PREFLIGHT_EXIT, "error execution phase preflight: [preflight] Some fatal errors occurred:\n"
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
  private Result uploadCerts(Invocation inv) {
    Result refused = needsControlPlane(inv.host());
    if (refused != null) {
      return refused;
    }
    if (!inv.has("--upload-certs")) {
      return Result.ok("[upload-certs] Skipping phase. Please see --upload-certs\n");
    }
    return Result.ok("[upload-certs] Storing the certificates in Secret \"kubeadm-certs\" in the \"kube-system\" Namespace\n"
        + "[upload-certs] Using certificate key:\n" + newCertificateKey(inv.host()) + "\n");
  }

  private Result init(Invocation inv, Version kubeadm) {
    HostState host = inv.host();
    Result refused = preflightNotInitialised(host);
    if (refused != null) {
      return refused;
    }
    if (state.hosts().stream().anyMatch(h -> h.kubeadmRole() == KubeadmRole.CONTROL_PLANE)) {
      return fatal(1, "lab-sim: this lab already has a cluster; join this host with the command of `kubeadm token create --print-join-command`");
    }
    String requested = inv.option(null, "--kubernetes-version");
    Version version = requested == null ? kubeadm : Version.parseOrNull(requested);
    if (version == null) {
      return fatal(3, "invalid value for --kubernetes-version: \"" + requested + "\"");
    }
    state.cluster().clusterVersion(version);
    host.kubeadmRole(KubeadmRole.CONTROL_PLANE);
    state.registerNode(host, true);
    host.files().put(CERT_STAMP, "issued=" + state.now() + "\n");
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

  private Result join(Invocation inv, Version kubeadm, String endpoint) {
    HostState host = inv.host();
    Result refused = preflightNotInitialised(host);
    if (refused != null) {
      return refused;
    }
    String token = inv.option(null, "--token");
    if (endpoint == null || !endpoint.equals(state.controlPlaneEndpoint())) {
      return fatal(1, "error execution phase preflight: couldn't validate the identity of the API Server: Get \"https://" + endpoint
          + "/api/v1/namespaces/kube-public/configmaps/cluster-info?timeout=10s\": dial tcp " + endpoint + ": connect: connection refused");
    }
    if (token == null || !state.bootstrapTokens().contains(token)) {
      return fatal(1, "error execution phase preflight: couldn't validate the identity of the API Server: could not find a JWS signature "
          + "in the cluster-info ConfigMap for token ID \"" + (token == null ? "" : token.split("\\.")[0]) + "\"");
    }
    if (!kubeadm.sameMinor(state.cluster().clusterVersion()) && kubeadm.compareTo(state.cluster().clusterVersion()) > 0) {
      return fatal(1, "error execution phase preflight: this version of kubeadm only supports deploying clusters with the control plane version >= "
          + kubeadm.minorLabel() + ".0. Current version: " + state.cluster().clusterVersion());
    }
    boolean controlPlane = inv.has("--control-plane");
    if (controlPlane) {
      String key = inv.option(null, "--certificate-key");
      if (key == null || !state.uploadedCertificateKeys().containsKey(key)) {
        return fatal(1, "error execution phase control-plane-prepare/download-certs: error downloading certs: error downloading the secret: "
            + "Secret \"kubeadm-certs\" was not found in the \"kube-system\" Namespace. This Secret might have expired. "
            + "Please, run `kubeadm init phase upload-certs --upload-certs` on a control plane to generate a new one");
      }
    }
    host.kubeadmRole(controlPlane ? KubeadmRole.CONTROL_PLANE : KubeadmRole.WORKER);
    state.registerNode(host, controlPlane);
    if (controlPlane) {
      host.files().put(CERT_STAMP, "issued=" + state.now() + "\n");
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

  private Result reset(Invocation inv) {
    if (!inv.has("-f") && !inv.has("--force")) {
      return new Result(1, "[reset] Are you sure you want to proceed? [y/N]: ",
          "won't proceed; the user didn't answer (Y|n) in order to continue\n" + STACK_TRACE_HINT);
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

  // ---- certs ---------------------------------------------------------------------------------------------

  private Result checkExpiration(Invocation inv) {
    HostState host = inv.host();
    String stamp = host.files().get(CERT_STAMP);
    if (host.kubeadmRole() != KubeadmRole.CONTROL_PLANE || stamp == null) {
      return fatal(1, "failed to load existing certificate apiserver: open /etc/kubernetes/pki/apiserver.crt: no such file or directory");
    }
    long issued = Long.parseLong(stamp.trim().substring("issued=".length()));
    long caIssued = state.certificatesIssuedMillis();
    long now = state.now();
    List<Map<String, Object>> certs = new ArrayList<>();
    for (String[] c : CERTS) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("name", c[0]);
      m.put("expirationDate", Instant.ofEpochMilli(issued + 365 * DAY).truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString());
      m.put("residualTime", (issued + 365 * DAY - now) / 1000);
      m.put("externallyManaged", false);
      m.put("caName", c[1]);
      m.put("missing", false);
      certs.add(m);
    }
    List<Map<String, Object>> cas = new ArrayList<>();
    for (String ca : List.of("ca", "etcd-ca", "front-proxy-ca")) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("name", ca);
      m.put("expirationDate", Instant.ofEpochMilli(caIssued + 3650 * DAY).truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString());
      m.put("residualTime", (caIssued + 3650 * DAY - now) / 1000);
      m.put("externallyManaged", false);
      m.put("missing", false);
      cas.add(m);
    }
    String output = inv.option("-o", "--output");
    if ("json".equals(output)) {
      Map<String, Object> info = new LinkedHashMap<>();
      info.put("kind", "CertificateExpirationInfo");
      info.put("apiVersion", "output.kubeadm.k8s.io/v1alpha3");
      info.put("certificates", certs);
      info.put("certificateAuthorities", cas);
      return Result.ok(GoJson.indent(info, "    "));
    }
    DateTimeFormatter f = DateTimeFormatter.ofPattern("MMM dd, yyyy HH:mm 'UTC'", Locale.ENGLISH).withZone(ZoneOffset.UTC);
    StringBuilder out = new StringBuilder("[check-expiration] Reading configuration from the cluster...\n"
        + "[check-expiration] FYI: You can look at this config file with 'kubectl -n kube-system get cm kubeadm-config -o yaml'\n\n");
    String fmt = "%-25s %-25s %-15s %-24s %s%n";
    out.append(String.format(fmt, "CERTIFICATE", "EXPIRES", "RESIDUAL TIME", "CERTIFICATE AUTHORITY", "EXTERNALLY MANAGED"));
    for (Map<String, Object> c : certs) {
      out.append(String.format(fmt, c.get("name"), f.format(Instant.parse((String) c.get("expirationDate"))),
          (long) c.get("residualTime") / 86400 + "d", c.get("caName"), "no"));
    }
    out.append('\n').append(String.format("%-25s %-25s %-15s %s%n", "CERTIFICATE AUTHORITY", "EXPIRES", "RESIDUAL TIME", "EXTERNALLY MANAGED"));
    for (Map<String, Object> c : cas) {
      out.append(String.format("%-25s %-25s %-15s %s%n", c.get("name"), f.format(Instant.parse((String) c.get("expirationDate"))),
          (long) c.get("residualTime") / 86400 / 365 + "y", "no"));
    }
    return Result.ok(out.toString());
  }
}
