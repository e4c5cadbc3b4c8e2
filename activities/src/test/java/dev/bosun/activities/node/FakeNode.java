package dev.bosun.activities.node;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;
import org.apache.sshd.server.command.CommandFactory;

/**
 * A scripted kubeadm/apt host behind real SSH: answers exactly the command lines of
 * docs/host-commands.md with the real tools' output shapes, keeps state, and logs every command.
 */
final class FakeNode implements CommandFactory {
  private static final java.util.regex.Pattern STATIC_POD = java.util.regex.Pattern.compile(
      "sudo -n cat /etc/kubernetes/manifests/(kube-apiserver|kube-controller-manager|kube-scheduler)\\.yaml");

  static final String KUBECONFIG_TOKEN = "s3cr3t-from-admin-conf";

  final List<String> log = Collections.synchronizedList(new ArrayList<>());
  String osId = "ubuntu";
  boolean controlPlane = true;
  String apiServerTag = "v1.30.6";
  String kubeadm = "v1.30.6";
  String kubelet = "v1.30.6";
  final Map<String, String> packages = new LinkedHashMap<>(
      Map.of("kubeadm", "1.30.6-1.1", "kubelet", "1.30.6-1.1", "kubectl", "1.30.6-1.1"));
  final Set<String> holds = new TreeSet<>(Set.of("kubeadm", "kubelet", "kubectl"));
  String repoLine =
      "deb [signed-by=/etc/apt/keyrings/kubernetes-apt-keyring.gpg] https://pkgs.k8s.io/core:/stable:/v1.30/deb/ /";
  final Map<String, List<String>> available = Map.of(
      "v1.30", List.of("1.30.6-1.1", "1.30.5-1.1"),
      "v1.31", List.of("1.31.2-1.1", "1.31.1-1.1"),
      "v1.32", List.of("1.32.0-1.1"));
  final Set<String> snapshots = new TreeSet<>();
  String apiServerUrl = "https://10.0.0.10:6443";

  record Reply(int exit, String stdout, String stderr) {}

  /** Answers that replace the scripted ones, by exact command line (a broken tool, an odd version). */
  final Map<String, Reply> overrides = new java.util.concurrent.ConcurrentHashMap<>();

  List<String> mutations() {
    return log.stream()
        .filter(c -> c.contains("tee ")
            || c.contains("apt-get install")
            || c.contains("upgrade apply")
            || c.contains("upgrade node")
            || c.contains("snapshot save"))
        .toList();
  }

  private static final Pattern SWITCH = Pattern.compile(
      "echo '(.*)' \\| sudo -n tee /etc/apt/sources.list.d/kubernetes.list > /dev/null && sudo -n apt-get update -q");
  private static final Pattern INSTALL = Pattern.compile(
      "sudo -n apt-mark unhold ([a-z ]+) && sudo -n DEBIAN_FRONTEND=noninteractive apt-get install -y --allow-change-held-packages --allow-downgrades (.+) && sudo -n apt-mark hold ([a-z ]+)");
  private static final Pattern APPLY =
      Pattern.compile("sudo -n kubeadm upgrade apply '(v[0-9.]+)' -y");
  private static final Pattern SAVE =
      Pattern.compile("sudo -n ETCDCTL_API=3 etcdctl .* snapshot save '(.+)'");
  private static final Pattern STATUS =
      Pattern.compile("sudo -n etcdutl snapshot status '(.+)' -w json");

  synchronized Reply answer(String cmd) {
    log.add(cmd);
    if (overrides.containsKey(cmd)) {
      return overrides.get(cmd);
    }
    Matcher m = STATIC_POD.matcher(cmd);
    if (m.matches()) { // kubeadm moves all three static pods together here
      String component = m.group(1);
      return controlPlane
          ? ok("apiVersion: v1\nkind: Pod\nspec:\n  containers:\n  - image: registry.k8s.io/"
              + component + ":" + apiServerTag + "\n")
          : new Reply(
              1,
              "",
              "cat: /etc/kubernetes/manifests/" + component + ".yaml: No such file or directory\n");
    }
    switch (cmd) {
      case "hostname":
        return ok("cp-1\n");
      case "uname -m":
        return ok("x86_64\n");
      case "cat /etc/os-release":
        return ok("PRETTY_NAME=\"Test\"\nID=" + osId + "\n");
      case "kubeadm version -o short":
        return ok(kubeadm + "\n");
      case "kubelet --version":
        return ok("Kubernetes " + kubelet + "\n");
      case "dpkg-query -W --showformat='${Package} ${Version}\\n' kubeadm kubelet kubectl": {
        StringBuilder sb = new StringBuilder();
        packages.forEach((k, v) -> sb.append(k).append(' ').append(v).append('\n'));
        return ok(sb.toString());
      }
      case "apt-mark showhold":
        return ok(String.join("\n", holds) + "\n");
      case "cat /etc/apt/sources.list.d/kubernetes.list":
        return repoLine == null
            ? new Reply(
                1, "", "cat: /etc/apt/sources.list.d/kubernetes.list: No such file or directory\n")
            : ok(repoLine + "\n");
      case "systemctl is-active kubelet":
        return ok("active\n");
      case "sudo -n cat /etc/kubernetes/manifests/kube-apiserver.yaml":
        return controlPlane
            ? ok(
                "apiVersion: v1\nkind: Pod\nspec:\n  containers:\n  - image: registry.k8s.io/kube-apiserver:"
                    + apiServerTag + "\n")
            : new Reply(
                1,
                "",
                "cat: /etc/kubernetes/manifests/kube-apiserver.yaml: No such file or directory\n");
      case "sudo -n kubeadm upgrade plan -o json":
        return ok("");
      case "sudo -n kubeadm upgrade node":
        if (controlPlane) {
          apiServerTag = kubeadm;
        }
        return ok("[upgrade] The configuration for this node was successfully updated!\n");
      case "sudo -n systemctl daemon-reload && sudo -n systemctl restart kubelet":
        return ok("");
      case "sudo -n kubeadm certs check-expiration -o json":
        return ok(
            "{\"kind\":\"CertificateExpirationInfo\",\"apiVersion\":\"output.kubeadm.k8s.io/v1alpha3\",\"certificates\":[{\"name\":\"apiserver\",\"expirationDate\":\"2026-04-09T09:16:00Z\",\"residualTime\":31449600,\"externallyManaged\":false,\"caName\":\"ca\",\"missing\":false}],\"certificateAuthorities\":[{\"name\":\"ca\",\"expirationDate\":\"2035-04-07T09:16:00Z\",\"residualTime\":315360000,\"externallyManaged\":false,\"missing\":false}]}\n");
      case "sudo -n cat /etc/kubernetes/admin.conf":
        return ok("apiVersion: v1\nkind: Config\nclusters:\n- cluster:\n    server: " + apiServerUrl
            + "\n    insecure-skip-tls-verify: true\n  name: lab1\n"
            + "contexts:\n- context:\n    cluster: lab1\n    user: admin\n  name: admin@lab1\ncurrent-context: admin@lab1\n"
            + "users:\n- name: admin\n  user:\n    token: " + KUBECONFIG_TOKEN + "\n");
      default:
        break;
    }
    if (cmd.startsWith("apt-cache madison ")) {
      String pkg = cmd.substring("apt-cache madison ".length());
      String minor = NodeOutput.repositoryMinor(repoLine == null ? "" : repoLine);
      StringBuilder sb = new StringBuilder();
      for (String v :
          minor == null ? List.<String>of() : available.getOrDefault(minor, List.of())) {
        String line = String.format(
            "%10s | %10s | https://pkgs.k8s.io/core:/stable:/%s/deb  Packages%n", pkg, v, minor);
        sb.append(line).append(line); // one line per index file: duplicates
      }
      return ok(sb.toString());
    }
    if (cmd.startsWith("sudo -n apt-mark hold ")) {
      holds.addAll(List.of(cmd.substring("sudo -n apt-mark hold ".length()).split(" ")));
      return ok("");
    }
    if ((m = SWITCH.matcher(cmd)).matches()) {
      repoLine = m.group(1);
      return ok(
          "Hit:1 https://pkgs.k8s.io/core:/stable:/v1.31/deb  InRelease\nReading package lists...\n");
    }
    if ((m = INSTALL.matcher(cmd)).matches()) {
      String minor = NodeOutput.repositoryMinor(repoLine);
      for (String term : m.group(2).split(" ")) {
        String[] nv = term.replace("'", "").split("=");
        if (!available.getOrDefault(minor, List.of()).contains(nv[1])) {
          List.of(m.group(1).split(" "))
              .forEach(holds::remove); // the unhold before the failing install ran
          return new Reply(
              100, "", "E: Version '" + nv[1] + "' for '" + nv[0] + "' was not found\n");
        }
      }
      for (String term : m.group(2).split(" ")) {
        String[] nv = term.replace("'", "").split("=");
        packages.put(nv[0], nv[1]);
        String v = "v" + nv[1].substring(0, nv[1].indexOf('-'));
        if (nv[0].equals("kubeadm")) {
          kubeadm = v;
        } else if (nv[0].equals("kubelet")) {
          kubelet = v;
        }
      }
      holds.addAll(List.of(m.group(3).split(" ")));
      return ok("Setting up kubeadm ...\n");
    }
    if ((m = APPLY.matcher(cmd)).matches()) {
      if (!m.group(1).equals(kubeadm)) {
        return new Reply(
            1,
            "",
            "[upgrade/version] FATAL: the --version argument is invalid\nTo see the stack trace of this error execute with --v=5 or higher\n");
      }
      apiServerTag = m.group(1);
      return ok(
          "[upgrade] SUCCESS! A control plane node of your cluster was upgraded to \"" + m.group(1)
              + "\".\n\n"
              + "[upgrade] Now please proceed with upgrading the rest of the nodes by following the right order.\n");
    }
    if ((m = SAVE.matcher(cmd)).matches()) {
      snapshots.add(m.group(1));
      return new Reply(
          0, "Snapshot saved at " + m.group(1) + "\n", "{\"level\":\"info\",\"msg\":\"saved\"}\n");
    }
    if ((m = STATUS.matcher(cmd)).matches()) {
      return snapshots.contains(m.group(1))
          ? ok(
              "{\"hash\":3056237214,\"revision\":11634,\"totalKey\":1224,\"totalSize\":4100096,\"version\":\"3.5.15\"}\n")
          : new Reply(1, "", "Error: stat " + m.group(1) + ": no such file or directory\n");
    }
    return new Reply(127, "", "sh: 1: unexpected command: " + cmd + "\n");
  }

  private static Reply ok(String stdout) {
    return new Reply(0, stdout, "");
  }

  @Override
  public Command createCommand(ChannelSession channel, String command) {
    return new Command() {
      private OutputStream out;
      private OutputStream err;
      private ExitCallback exit;

      @Override
      public void setInputStream(InputStream in) {}

      @Override
      public void setOutputStream(OutputStream out) {
        this.out = out;
      }

      @Override
      public void setErrorStream(OutputStream err) {
        this.err = err;
      }

      @Override
      public void setExitCallback(ExitCallback callback) {
        this.exit = callback;
      }

      @Override
      public void start(ChannelSession channel, Environment env) {
        Thread t = new Thread(() -> {
          Reply r = answer(command);
          try {
            out.write(r.stdout().getBytes(StandardCharsets.UTF_8));
            out.flush();
            err.write(r.stderr().getBytes(StandardCharsets.UTF_8));
            err.flush();
          } catch (IOException ignored) {
            // client went away
          }
          exit.onExit(r.exit());
        });
        t.setDaemon(true);
        t.start();
      }

      @Override
      public void destroy(ChannelSession channel) {}
    };
  }
}
