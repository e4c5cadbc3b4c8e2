package dev.bosun.sim.programs;

import dev.bosun.sim.LabState;
import dev.bosun.sim.host.HostState;
import dev.bosun.sim.host.KubeadmRole;
import dev.bosun.sim.host.KubeletFiles;
import dev.bosun.sim.host.Version;
import dev.bosun.sim.kube.LabCluster;
import dev.bosun.sim.shell.Invocation;
import dev.bosun.sim.shell.Result;
import io.fabric8.kubernetes.api.model.Node;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** kubeadm upgrade plan, apply and node: kubeadm's version policy, the plan's tables and JSON, the control plane's new static pods. */
final class KubeadmUpgrade {

  private static final String COREDNS = "v1.11.3";
  private static final String ETCD = "3.5.15-0";

  private final LabState state;

  KubeadmUpgrade(LabState state) {
    this.state = state;
  }

  Result plan(Invocation inv, Version kubeadm) {
    Result refused = Kubeadm.needsControlPlane(inv.host());
    if (refused != null) {
      return refused;
    }
    LabCluster cluster = state.cluster();
    Version current = cluster.clusterVersion();
    // Offline, kubeadm cannot reach dl.k8s.io and falls back to its own version as "stable".
    String err = klog(
            'W',
            "version.go:108",
            "could not fetch a Kubernetes version from the internet: unable to get URL "
                + "\"https://dl.k8s.io/release/stable.txt\": Get \"https://dl.k8s.io/release/stable.txt\": dial tcp: lookup dl.k8s.io: no such host")
        + klog('W', "version.go:109", "falling back to the local client version: " + kubeadm);
    String output = inv.option("-o", "--output");
    boolean json = "json".equals(output);
    StringBuilder out = new StringBuilder();
    if (!json) {
      out.append(
              "[preflight] Running pre-flight checks.\n[upgrade/config] Reading configuration from the cluster...\n")
          .append(
              "[upgrade/config] FYI: You can look at this config file with 'kubectl -n kube-system get cm kubeadm-config -o yaml'\n")
          .append(
              "[upgrade] Running cluster health checks\n[upgrade] Fetching available versions to upgrade to\n")
          .append("[upgrade/versions] Cluster version: ")
          .append(current)
          .append('\n')
          .append("[upgrade/versions] kubeadm version: ")
          .append(kubeadm)
          .append('\n')
          .append("[upgrade/versions] Target version: ")
          .append(kubeadm)
          .append('\n')
          .append("[upgrade/versions] Latest version in the ")
          .append(current.minorLabel())
          .append(" series: ")
          .append(current)
          .append("\n\n");
    }
    if (kubeadm.compareTo(current) <= 0) {
      return new Result(0, out.toString(), err);
    }
    String description = kubeadm.sameMinor(current)
        ? "version in the " + current.minorLabel() + " series"
        : "stable version";
    List<Map<String, Object>> components = new ArrayList<>();
    List<Node> nodes = cluster.nodes();
    for (Node n : nodes) {
      components.add(component(
          "kubelet",
          n.getStatus().getNodeInfo().getKubeletVersion(),
          kubeadm.toString(),
          n.getMetadata().getName()));
    }
    List<HostState> cps = state.hosts().stream()
        .filter(h -> h.kubeadmRole() == KubeadmRole.CONTROL_PLANE)
        .toList();
    for (String c : HostState.CONTROL_PLANE_COMPONENTS) {
      for (HostState cp : cps) {
        components.add(
            component(c, String.valueOf(cp.controlPlaneVersion()), kubeadm.toString(), cp.name()));
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
      plan.put(
          "availableUpgrades",
          List.of(Map.of("description", description, "components", components)));
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
      return Kubeadm.fatal(
          1, "error: unable to match a printer suitable for the output format \"" + output + "\"");
    }
    out.append(
        "Components that must be upgraded manually after you have upgraded the control plane with 'kubeadm upgrade apply':\n");
    table(out, components.stream().filter(c -> c.get("name").equals("kubelet")).toList());
    out.append("\nUpgrade to the latest ").append(description).append(":\n\n");
    table(
        out,
        components.stream()
            .filter(c -> !c.get("name").equals("kubelet") && !c.get("name").equals("kubeadm"))
            .toList());
    out.append(
            "\nYou can now apply the upgrade by executing the following command:\n\n\tkubeadm upgrade apply ")
        .append(kubeadm)
        .append("\n\n_____________________________________________________________________\n\n");
    return new Result(0, out.toString(), err);
  }

  /** Keeps Go's struct field order: availableUpgrades' entries print description before components. */
  private static Map<String, Object> orderedPlan(Map<String, Object> plan) {
    @SuppressWarnings("unchecked")
    Map<String, Object> upgrade =
        (Map<String, Object>) ((List<?>) plan.get("availableUpgrades")).get(0);
    Map<String, Object> ordered = new LinkedHashMap<>();
    ordered.put("description", upgrade.get("description"));
    ordered.put("components", upgrade.get("components"));
    plan.put("availableUpgrades", List.of(ordered));
    return plan;
  }

  private static Map<String, Object> component(
      String name, String current, String target, String node) {
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
      out.append(String.format(
          fmt,
          r.get("name"),
          r.getOrDefault("nodeName", ""),
          r.get("currentVersion"),
          r.get("newVersion")));
    }
  }

  // ---- upgrade apply
  // --------------------------------------------------------------------------------

  Result apply(Invocation inv, Version kubeadm, String requested) {
    Result refused = Kubeadm.needsControlPlane(inv.host());
    if (refused != null) {
      return refused;
    }
    if (requested == null) {
      return Kubeadm.fatal(
          1,
          "[upgrade/version] FATAL: missing version argument; use `kubeadm upgrade apply <version>`");
    }
    Version target = Version.parseOrNull(requested);
    if (target == null || !requested.matches("v?\\d+\\.\\d+\\.\\d+")) {
      return Kubeadm.fatal(
          1,
          "[upgrade/version] FATAL: unable to parse normalized version \"" + requested
              + "\" as a semantic version");
    }
    boolean force = inv.has("-f") || inv.has("--force");
    boolean yes = inv.has("-y") || inv.has("--yes");
    LabCluster cluster = state.cluster();
    Version current = cluster.clusterVersion();
    List<String> mandatory = new ArrayList<>();
    List<String> skippable = new ArrayList<>();
    if (target.compareTo(current) < 0) {
      if (target.minor() < current.minor() - 1 || target.major() != current.major()) {
        mandatory.add("Specified version to downgrade to \"" + target
            + "\" is too low; kubeadm can downgrade only 1 minor version at a time");
      } else {
        skippable.add("Specified version to upgrade to \"" + target
            + "\" is equal to or lower than the cluster version \"" + current
            + "\". Downgrades are not supported yet");
      }
    } else if (target.major() != current.major() || target.minor() > current.minor() + 1) {
      mandatory.add("Specified version to upgrade to \"" + target
          + "\" is too high; kubeadm can upgrade only 1 minor version at a time");
    }
    if (kubeadm.compareTo(target) < 0) {
      mandatory.add(
          "Specified version to upgrade to \"" + target + "\" is higher than the kubeadm version \""
              + kubeadm + "\". Upgrade kubeadm first using the tool you used to install kubeadm");
    }
    if (kubeadm.major() > target.major() || kubeadm.minor() > target.minor()) {
      skippable.add(
          "Kubeadm version \"" + kubeadm + "\" can only be used to upgrade to Kubernetes version \""
              + kubeadm.minorLabel() + "\"");
    }
    if (!mandatory.isEmpty() || !skippable.isEmpty() && !force) {
      StringBuilder b = new StringBuilder(
          "[upgrade/version] FATAL: the --version argument is invalid due to these errors:\n\n");
      mandatory.forEach(m -> b.append("\t- ").append(m).append('\n'));
      skippable.forEach(m -> b.append("\t- ").append(m).append('\n'));
      b.append('\n');
      if (mandatory.isEmpty()) {
        b.append("Can be bypassed if you pass the --force flag\n");
      }
      return Kubeadm.fatal(1, b.toString());
    }
    String ignore = inv.option(null, "--ignore-preflight-errors");
    List<String> notReady = cluster.nodes().stream()
        .filter(LabCluster::isControlPlane)
        .map(n -> n.getMetadata().getName())
        .filter(n -> !cluster.isReady(n))
        .toList();
    if (!notReady.isEmpty()
        && (ignore == null
            || !(ignore.contains("all") || ignore.contains("ControlPlaneNodesReady")))) {
      return Kubeadm.fatal(
          Kubeadm.PREFLIGHT_EXIT,
          "[upgrade/health] FATAL: [preflight] Some fatal errors occurred:\n"
              + "\t[ERROR ControlPlaneNodesReady]: there are NotReady control-planes in the cluster: "
              + notReady + "\n"
              + "[preflight] If you know what you are doing, you can make a check non-fatal with `--ignore-preflight-errors=...`");
    }
    StringBuilder out = new StringBuilder(
        "[preflight] Running pre-flight checks.\n[upgrade/config] Reading configuration from the cluster...\n"
            + "[upgrade/config] FYI: You can look at this config file with 'kubectl -n kube-system get cm kubeadm-config -o yaml'\n"
            + "[upgrade] Running cluster health checks\n[upgrade/version] You have chosen to change the cluster version to \""
            + target + "\"\n"
            + "[upgrade/versions] Cluster version: " + current
            + "\n[upgrade/versions] kubeadm version: " + kubeadm + "\n");
    if (!yes) {
      return new Result(
          1,
          out.append("[upgrade] Are you sure you want to proceed? [y/N]: ").toString(),
          "won't proceed; the user didn't answer (Y|n) in order to continue\n"
              + Kubeadm.STACK_TRACE_HINT);
    }
    if (inv.has("--dry-run")) {
      return Result.ok(
          out.append("[upgrade/successful] Finished dryrunning successfully!\n").toString());
    }
    HostState host = inv.host();
    out.append("[upgrade/prepull] Pulling images required for setting up a Kubernetes cluster\n")
        .append("[upgrade/apply] Upgrading your Static Pod-hosted control plane to version \"")
        .append(target)
        .append("\" (timeout: 5m0s)...\n")
        .append(
            "[upgrade/staticpods] Writing new Static Pod manifests to \"/etc/kubernetes/tmp/kubeadm-upgraded-manifests\"\n");
    for (String c : HostState.CONTROL_PLANE_COMPONENTS) {
      out.append("[upgrade/staticpods] Moving new manifest to \"/etc/kubernetes/manifests/")
          .append(c)
          .append(".yaml\"\n")
          .append("[upgrade/staticpods] Component \"")
          .append(c)
          .append("\" upgraded successfully!\n");
    }
    upgradeControlPlane(host, target, !inv.has("--certificate-renewal=false"));
    cluster.clusterVersion(target);
    out.append(
            "[upload-config] Storing the configuration used in ConfigMap \"kubeadm-config\" in the \"kube-system\" Namespace\n")
        .append(
            "[kubelet] Creating a ConfigMap \"kubelet-config\" in namespace kube-system with the configuration for the kubelets in the cluster\n")
        .append(
            "[addons] Applied essential addon: CoreDNS\n[addons] Applied essential addon: kube-proxy\n\n")
        .append("[upgrade] SUCCESS! A control plane node of your cluster was upgraded to \"")
        .append(target)
        .append("\".\n\n")
        .append(
            "[upgrade] Now please proceed with upgrading the rest of the nodes by following the right order.\n");
    return Result.ok(out.toString());
  }

  /** @param renew kubeadm's --certificate-renewal (true unless =false): the leaf certificates are reissued now */
  private void upgradeControlPlane(HostState host, Version target, boolean renew) {
    host.controlPlaneVersion(target);
    host.kubeletConfigVersion(target);
    if (renew) {
      host.files().put(Kubeadm.CERT_STAMP, "issued=" + state.now() + "\n");
    }
    state.cluster().syncMirrorPods(host.name(), target, state.now());
    writeKubeletFiles(host, target);
  }

  /**
   * What kubeadm upgrade does to the kubelet's files: config.yaml backed up and written again (the same content, unless
   * the loseKubeletSettings fault makes it drop the node's local settings, as kubeadm 1.30.0 did: kubeadm#3049), the
   * flags file with the target's pause image.
   */
  private void writeKubeletFiles(HostState host, Version target) {
    String config = host.files().get(KubeletFiles.CONFIG);
    if (config != null) {
      host.files().put(KubeletFiles.CONFIG_BACKUP, config);
      if (state.kubeletSettingsLost().remove(host.name())) {
        host.files().put(KubeletFiles.CONFIG, KubeletFiles.clusterConfig());
      }
    }
    host.files().put(KubeletFiles.FLAGS, KubeletFiles.flags(target));
  }

  // ---- upgrade node
  // ---------------------------------------------------------------------------------

  Result upgradeNode(Invocation inv, Version kubeadm) {
    HostState host = inv.host();
    if (host.kubeadmRole() == KubeadmRole.NOT_INITIALISED) {
      return Kubeadm.fatal(
          1,
          "couldn't create a Kubernetes client from file \"/etc/kubernetes/kubelet.conf\": failed to load admin kubeconfig: "
              + "open /etc/kubernetes/kubelet.conf: no such file or directory");
    }
    Version target = state.cluster().clusterVersion();
    if (kubeadm.compareTo(target) < 0 && !kubeadm.sameMinor(target)) {
      return Kubeadm.fatal(
          1,
          "[upgrade/version] FATAL: the --version argument is invalid due to these errors:\n\n\t- Specified version to upgrade to \""
              + target + "\" is higher than the kubeadm version \"" + kubeadm
              + "\". Upgrade kubeadm first using the tool you used to install kubeadm\n");
    }
    StringBuilder out = new StringBuilder("[upgrade] Reading configuration from the cluster...\n"
        + "[upgrade] FYI: You can look at this config file with 'kubectl -n kube-system get cm kubeadm-config -o yaml'\n"
        + "[preflight] Running pre-flight checks\n");
    if (host.kubeadmRole() == KubeadmRole.CONTROL_PLANE) {
      out.append("[preflight] Pulling images required for setting up a Kubernetes cluster\n")
          .append("[upgrade] Upgrading your Static Pod-hosted control plane instance to version \"")
          .append(target)
          .append("\"...\n");
      for (String c : HostState.CONTROL_PLANE_COMPONENTS) {
        out.append("[upgrade/staticpods] Component \"")
            .append(c)
            .append("\" upgraded successfully!\n");
      }
      upgradeControlPlane(host, target, !inv.has("--certificate-renewal=false"));
    } else {
      out.append(
          "[preflight] Skipping prepull. Not a control plane node.\n[upgrade] Skipping phase. Not a control plane node.\n");
      host.kubeletConfigVersion(target);
      writeKubeletFiles(host, target);
    }
    out.append(
            "[upgrade] Backing up kubelet config file to /etc/kubernetes/tmp/kubeadm-kubelet-config/config.yaml\n")
        .append(
            "[kubelet-start] Writing kubelet configuration to file \"/var/lib/kubelet/config.yaml\"\n")
        .append("[upgrade] The configuration for this node was successfully updated!\n")
        .append(
            "[upgrade] Now you should go ahead and upgrade the kubelet package using your package manager.\n");
    return Result.ok(out.toString());
  }

  private static String klog(char level, String file, String message) {
    String t = DateTimeFormatter.ofPattern("MMdd HH:mm:ss.SSSSSS")
        .withZone(ZoneOffset.UTC)
        .format(Instant.now());
    return level + t + "    4242 " + file + "] " + message + "\n";
  }
}
