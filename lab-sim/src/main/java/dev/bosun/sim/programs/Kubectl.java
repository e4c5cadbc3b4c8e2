package dev.bosun.sim.programs;

import dev.bosun.sim.LabState;
import dev.bosun.sim.host.HostState;
import dev.bosun.sim.kube.LabCluster;
import dev.bosun.sim.shell.Invocation;
import dev.bosun.sim.shell.Result;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * kubectl on a control plane with {@code --kubeconfig /etc/kubernetes/admin.conf}, against the lab's cluster:
 * {@code get --raw /readyz}, {@code apply -f} / {@code get -f -o name} of the CNI manifests the lab knows,
 * {@code get node -o json}, {@code label node}, {@code taint node}, {@code delete node}.
 */
final class Kubectl {

  /** A CNI manifest the lab can "download": its objects as kubectl names them, and the DaemonSet that runs it. */
  record Manifest(String urlSuffix, List<String> objects, String namespace, String daemonSet) {}

  static final List<Manifest> MANIFESTS = List.of(
      new Manifest(
          "/kube-flannel.yml",
          List.of(
              "namespace/kube-flannel",
              "serviceaccount/flannel",
              "clusterrole.rbac.authorization.k8s.io/flannel",
              "clusterrolebinding.rbac.authorization.k8s.io/flannel",
              "configmap/kube-flannel-cfg",
              "daemonset.apps/kube-flannel-ds"),
          "kube-flannel",
          "kube-flannel-ds"),
      new Manifest(
          "/calico.yaml",
          List.of(
              "poddisruptionbudget.policy/calico-kube-controllers",
              "serviceaccount/calico-kube-controllers",
              "serviceaccount/calico-node",
              "configmap/calico-config",
              "clusterrole.rbac.authorization.k8s.io/calico-node",
              "clusterrolebinding.rbac.authorization.k8s.io/calico-node",
              "daemonset.apps/calico-node",
              "deployment.apps/calico-kube-controllers"),
          "kube-system",
          "calico-node"));

  private final LabState state;

  Kubectl(LabState state) {
    this.state = state;
  }

  Result run(Invocation inv) {
    HostState host = inv.host();
    if (!host.packages().containsKey("kubectl")) {
      return Programs.notInstalled(inv);
    }
    List<String> a = new ArrayList<>(inv.rest());
    String kubeconfig = null;
    for (int i = 0; i < a.size(); i++) {
      if (a.get(i).equals("--kubeconfig") && i + 1 < a.size()) {
        kubeconfig = a.remove(i + 1);
        a.remove(i);
        break;
      }
      if (a.get(i).startsWith("--kubeconfig=")) {
        kubeconfig = a.remove(i).substring("--kubeconfig=".length());
        break;
      }
    }
    if (kubeconfig == null) {
      return Result.fail(
          1,
          "The connection to the server localhost:8080 was refused - did you specify the right host or port?\n");
    }
    if (!host.files().containsKey(kubeconfig)) {
      return Result.fail(1, "error: stat " + kubeconfig + ": no such file or directory\n");
    }
    if (CoreUtils.rootOnly(kubeconfig) && !inv.root()) {
      return Result.fail(
          1,
          "error: error loading config file \"" + kubeconfig + "\": open " + kubeconfig
              + ": permission denied\n");
    }
    if (!kubeconfig.equals(HostState.ADMIN_CONF)) {
      return Result.fail(1, "error: the lab's kubectl only uses " + HostState.ADMIN_CONF + "\n");
    }
    List<String> words = a.stream().filter(x -> !x.startsWith("-")).toList();
    String verb = words.isEmpty() ? "" : words.get(0);
    String kind = words.size() > 1 ? words.get(1) : "";
    String name = words.size() > 2 ? words.get(2) : null;
    LabCluster cluster = state.cluster();
    cluster.tick(state.now());
    if (verb.equals("get") && a.contains("--raw")) {
      return a.contains("/readyz")
          ? Result.ok("ok")
          : Result.fail(
              1,
              "Error from server (NotFound): the server could not find the requested resource\n");
    }
    String file = option(a, "-f");
    if (file != null && (verb.equals("apply") || verb.equals("get"))) {
      return manifest(verb, file, cluster);
    }
    if (!kind.equals("node") && !kind.equals("nodes") || name == null) {
      return Result.fail(
          1,
          "error: the lab's kubectl only knows get/label/taint/delete node NAME, apply -f and get -f\n");
    }
    Node node = cluster.node(name);
    boolean overwrite = a.contains("--overwrite");
    switch (verb) {
      case "get" -> {
        return node == null ? notFound(name) : Result.ok(Serialization.asJson(node) + "\n");
      }
      case "delete" -> {
        if (node == null) {
          return a.contains("--ignore-not-found") ? Result.ok("") : notFound(name);
        }
        cluster.deleteNode(name);
        return Result.ok("node \"" + name + "\" deleted\n");
      }
      case "label" -> {
        if (node == null) {
          return notFound(name);
        }
        Map<String, String> labels = node.getMetadata().getLabels();
        boolean changed = false;
        for (String kv : words.subList(3, words.size())) {
          String[] p = kv.split("=", 2);
          if (p.length != 2) {
            return Result.fail(1, "error: at least one label update is required\n");
          }
          String old = labels.get(p[0]);
          if (old != null && !old.equals(p[1]) && !overwrite) {
            return Result.fail(
                1,
                "error: '" + p[0] + "' already has a value (" + old
                    + "), and --overwrite is false\n");
          }
          if (!p[1].equals(old)) {
            cluster.labelNode(name, p[0], p[1]);
            changed = true;
          }
        }
        return Result.ok("node/" + name + (changed ? " labeled\n" : " not labeled\n"));
      }
      case "taint" -> {
        if (node == null) {
          return notFound(name);
        }
        for (String spec : words.subList(3, words.size())) {
          var m = java.util.regex.Pattern.compile(
                  "([^=:]+)(?:=([^:]*))?:(NoSchedule|PreferNoSchedule|NoExecute)")
              .matcher(spec);
          if (!m.matches()) {
            return Result.fail(
                1,
                "error: invalid taint spec: " + spec
                    + ", unknown taint effect or missing effect\n");
          }
          List<Taint> taints =
              node.getSpec().getTaints() == null ? List.of() : node.getSpec().getTaints();
          boolean exists = taints.stream()
              .anyMatch(t -> t.getKey().equals(m.group(1)) && t.getEffect().equals(m.group(3)));
          if (exists && !overwrite) {
            return Result.fail(
                1,
                "error: node " + name + " already has " + m.group(1)
                    + " taint(s) with same effect(s) and --overwrite is false\n");
          }
          cluster.taintNode(name, m.group(1), m.group(2) == null ? null : m.group(2), m.group(3));
        }
        return Result.ok("node/" + name + " tainted\n");
      }
      default -> {
        return Result.fail(1, "error: unknown command \"" + verb + "\" for \"kubectl\"\n");
      }
    }
  }

  private Result manifest(String verb, String file, LabCluster cluster) {
    Manifest m = MANIFESTS.stream()
        .filter(x -> file.startsWith("http") && file.endsWith(x.urlSuffix()))
        .findFirst()
        .orElse(null);
    if (m == null) {
      return Result.fail(
          1,
          file.startsWith("http")
              ? "error: unable to read URL \"" + file
                  + "\", server reported 404 Not Found, status code=404\n"
              : "error: the path \"" + file + "\" does not exist\n");
    }
    boolean present = cluster.hasDaemonSet(m.namespace(), m.daemonSet());
    StringBuilder out = new StringBuilder();
    if (verb.equals("get")) {
      if (!present) {
        return Result.fail(
            1,
            "Error from server (NotFound): daemonsets.apps \"" + m.daemonSet() + "\" not found\n");
      }
      m.objects().forEach(o -> out.append(o).append('\n'));
      return Result.ok(out.toString());
    }
    if (!present) {
      cluster.addDaemonSet(
          m.namespace(), m.daemonSet(), "docker.io/lab/" + m.daemonSet() + ":v1", state.now());
    }
    m.objects().forEach(o -> out.append(o).append(present ? " unchanged\n" : " created\n"));
    return Result.ok(out.toString());
  }

  private static Result notFound(String node) {
    return Result.fail(1, "Error from server (NotFound): nodes \"" + node + "\" not found\n");
  }

  private static String option(List<String> a, String flag) {
    int i = a.indexOf(flag);
    return i >= 0 && i + 1 < a.size() ? a.get(i + 1) : null;
  }
}
