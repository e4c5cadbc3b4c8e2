package dev.bosun.sim.shell;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The documented allow-list (deploy/sudoers.d/bosun) as the lab's sudo reads it. Every row was also run through
 * the real sudo 1.9.13 (Debian 12) with the same file installed, as {@code sudo -n -l <command>} by a user
 * "bosun": the answers are the same (allowed, "a password is required", the SETENV refusal).
 */
class SudoersTest {

  static final Path FILE = Path.of("..", "deploy", "sudoers.d", "bosun");

  static Sudoers documented() throws Exception {
    return Sudoers.parse(Files.readString(FILE), "bosun");
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "cat /etc/kubernetes/admin.conf | allowed",
        "cat /etc/kubernetes/manifests/kube-scheduler.yaml | allowed",
        "cat /etc/kubernetes/manifests/kube-scheduler.yaml /etc/shadow | password",
        "cat /etc/shadow | password",
        "test -f /etc/kubernetes/kubelet.conf | allowed",
        "kubeadm certs check-expiration -o json | allowed",
        "kubeadm upgrade plan -o json | allowed",
        "apt-get update -q | allowed",
        "apt-mark unhold kubeadm kubelet | allowed",
        "tee /etc/apt/sources.list.d/kubernetes.list | allowed",
        "tee /etc/sudoers | password",
        "gpg --dearmor --yes -o /etc/apt/keyrings/kubernetes-apt-keyring.gpg | allowed",
        "DEBIAN_FRONTEND=noninteractive apt-get install -y --allow-change-held-packages --allow-downgrades kubeadm=1.31.2-1.1 | allowed",
        "DEBIAN_FRONTEND=noninteractive apt-get install -y containerd | allowed",
        "kubeadm upgrade apply v1.31.2 -y | allowed",
        "kubeadm upgrade node | allowed",
        "DEBIAN_FRONTEND=noninteractive kubeadm upgrade node | setenv",
        "kubeadm reset | password",
        "kubeadm reset -f | allowed",
        "kubeadm init --config /etc/kubernetes/bosun-init.yaml --upload-certs | allowed",
        "install -m 600 /dev/null /etc/kubernetes/bosun-join.yaml | allowed",
        "kubectl --kubeconfig /etc/kubernetes/admin.conf label node w-1 a=b --overwrite | allowed",
        "systemctl enable --now containerd | allowed",
        "systemctl stop kubelet | password",
        "modprobe br_netfilter | allowed",
        "sysctl --system | allowed",
        "swapoff -a | allowed",
        "sed -E -i /^[^#].*\\sswap\\s/ s/^/#/ /etc/fstab | allowed",
        "sed -E -i s/x/y/e /etc/fstab | password",
        "ETCDCTL_API=3 etcdctl --endpoints=https://127.0.0.1:2379 --cacert=/etc/kubernetes/pki/etcd/ca.crt --cert=/etc/kubernetes/pki/etcd/server.crt --key=/etc/kubernetes/pki/etcd/server.key snapshot save /var/backups/bosun-etcd-lab1-20261207T010203Z.db | allowed",
        "ETCDCTL_API=3 etcdutl snapshot status /var/backups/bosun-etcd-x.db -w json | setenv",
        "etcdutl snapshot status /var/backups/bosun-etcd-x.db -w json | allowed",
        "/usr/bin/etcdutl snapshot status /var/backups/bosun-etcd-x.db -w json | allowed", // etcd-client's
        "ETCDCTL_API=3 /usr/bin/etcdctl --endpoints=https://127.0.0.1:2379 --cacert=/etc/kubernetes/pki/etcd/ca.crt --cert=/etc/kubernetes/pki/etcd/server.crt --key=/etc/kubernetes/pki/etcd/server.key member list -w json | allowed",
        "ETCDCTL_API=3 /opt/etcdctl --endpoints=https://127.0.0.1:2379 --cacert=/etc/kubernetes/pki/etcd/ca.crt --cert=/etc/kubernetes/pki/etcd/server.crt --key=/etc/kubernetes/pki/etcd/server.key member list -w json | password",
        "sha256sum /var/backups/bosun-lab1-20261207t010203z-etcd.db | allowed",
        "cat /var/backups/bosun-lab1-20261207t010203z-etcd.db | allowed",
        "cat /var/backups/bosun-etcd-lab1-20261207T010203Z.db | password",
        "cat /var/backups/bosun-lab1-20261207t010203z-etcd.db /etc/shadow | password",
        "base64 -w0 /var/backups/bosun-lab1-20261207t010203z-etcd.db | password",
        "base64 -w0 /etc/kubernetes/pki/ca.key | password",
        "ETCDCTL_API=3 etcdctl --endpoints=https://127.0.0.1:2379 --cacert=/etc/kubernetes/pki/etcd/ca.crt --cert=/etc/kubernetes/pki/etcd/server.crt --key=/etc/kubernetes/pki/etcd/server.key endpoint health --cluster -w json | allowed",
        "ETCDCTL_API=3 etcdctl --endpoints=https://127.0.0.1:2379 --cacert=/etc/kubernetes/pki/etcd/ca.crt --cert=/etc/kubernetes/pki/etcd/server.crt --key=/etc/kubernetes/pki/etcd/server.key del / --prefix | password",
        "install -m 0755 /tmp/bosun-etcd.AbCdEf0123/etcdctl /tmp/bosun-etcd.AbCdEf0123/etcdutl /usr/local/bin/ | allowed",
        "install -m 0755 /tmp/bosun-etcd.AbCdEf0123/etcdctl /tmp/bosun-etcd.AbCdEf0123/etcdutl /usr/bin/ | password",
        "install -m 0755 /tmp/evil/etcdctl /tmp/bosun-etcd.AbCdEf0123/etcdutl /usr/local/bin/ | password",
        "install -m 4755 /tmp/bosun-etcd.AbCdEf0123/etcdctl /tmp/bosun-etcd.AbCdEf0123/etcdutl /usr/local/bin/ | password",
        "kubeadm certs renew all | allowed",
        "kubeadm upgrade node --certificate-renewal=false | allowed",
        "mv /etc/kubernetes/manifests/etcd.yaml /etc/kubernetes/bosun-paused-manifests/etcd.yaml | allowed",
        "mv /etc/kubernetes/bosun-paused-manifests/etcd.yaml /etc/kubernetes/manifests/etcd.yaml | allowed",
        "mv /etc/kubernetes/manifests/etcd.yaml /tmp/etcd.yaml | password",
        "cp -p /var/lib/kubelet/config.yaml /var/lib/bosun/config-before-upgrade/config.yaml | allowed",
        "cp -p /var/lib/bosun/config-before-upgrade/config.yaml /var/lib/kubelet/config.yaml | allowed",
        "cp -p /var/lib/bosun/config-before-upgrade/kube-apiserver.yaml /etc/kubernetes/manifests/kube-apiserver.yaml | password",
        "velero install --kubeconfig /etc/kubernetes/admin.conf --namespace velero --provider aws --plugins velero/velero-plugin-for-aws:v1.14.3 --bucket drill-scratch --backup-location-config region=us-east-1,s3ForcePathStyle=true,s3Url=http://10.0.9.1:9000 --secret-file /tmp/bosun-velero-credentials.AbCdEf0123 --use-volume-snapshots=false --wait | allowed",
        "velero install --kubeconfig /root/other.conf --namespace velero | password",
        "velero backup delete --all --confirm | password",
        "bash -c id | password",
        "velero install --kubeconfig /etc/kubernetes/admin.conf --namespace velero --provider aws --plugins velero/velero-plugin-for-aws:v1.14.3 --bucket lab1-velero --backup-location-config region=us-east-1,s3ForcePathStyle=true,s3Url=http://10.0.0.5:9000 --secret-file /var/lib/bosun/velero-credentials --use-volume-snapshots=false --wait | allowed",
        "velero install --kubeconfig /etc/kubernetes/admin.conf --namespace backup-drill --provider aws | allowed", // drill.velero.namespace is the inventory's
        "velero uninstall --force | password",
        "AWS_CA_BUNDLE=x velero install --kubeconfig /etc/kubernetes/admin.conf --namespace velero --provider aws | setenv",
        // bosun plan's package index read runs as the SSH user: the file grants curl nothing as
        // root
        "curl -fsSL --max-time 30 https://pkgs.k8s.io/core:/stable:/v1.31/deb/Packages | password",
      })
  void testTheDocumentedAllowListAnswersAsTheRealSudoDoes(String line, String expected)
      throws Exception {
    Map<String, String> env = new LinkedHashMap<>();
    List<String> words = new ArrayList<>(Arrays.asList(line.split(" ")));
    while (words.get(0).matches("[A-Z_]+=.*")) {
      String w = words.remove(0);
      env.put(w.substring(0, w.indexOf('=')), w.substring(w.indexOf('=') + 1));
    }
    Result r = documented().check(env, words);
    switch (expected) {
      case "allowed" -> assertThat(r).as(line).isNull();
      case "password" -> assertThat(r.stderr()).isEqualTo("sudo: a password is required\n");
      case "setenv" ->
        assertThat(r.stderr())
            .startsWith(
                "sudo: sorry, you are not allowed to set the following environment variables: ");
      default -> throw new IllegalArgumentException(expected);
    }
    if (r != null) {
      assertThat(r.exitCode()).isEqualTo(1);
    }
  }

  @Test
  void testAnotherUsersLinesGiveNothingAndTheLastMatchWins() {
    String text = "Cmnd_Alias A = /usr/bin/kubeadm upgrade node\n"
        + "other ALL=(root) NOPASSWD: /usr/bin/cat *\n"
        + "bosun ALL=(root) NOPASSWD: A, /usr/bin/cat *\n"
        + "bosun ALL=(root) PASSWD: /usr/bin/cat /etc/shadow\n";
    Sudoers s = Sudoers.parse(text, "bosun");
    assertThat(s.check(Map.of(), List.of("kubeadm", "upgrade", "node"))).isNull();
    assertThat(s.check(Map.of(), List.of("cat", "/etc/hosts"))).isNull();
    assertThat(s.check(Map.of(), List.of("cat", "/etc/shadow"))).isNotNull();
    assertThat(Sudoers.parse(text, "nobody").check(Map.of(), List.of("cat", "/etc/hosts")))
        .isNotNull();
  }

  @Test
  void testGlobAndEscapes() {
    assertThat(Sudoers.glob("a*b", 0, "a x / y b", 0)).isTrue(); // '*' runs over spaces and slashes
    assertThat(Sudoers.glob("a?c", 0, "abc", 0)).isTrue();
    assertThat(Sudoers.glob("[!x]y", 0, "zy", 0)).isTrue();
    assertThat(Sudoers.glob("[!x]y", 0, "xy", 0)).isFalse();
    assertThat(Sudoers.glob("\\[a\\]", 0, "[a]", 0)).isTrue();
    assertThat(Sudoers.unescape("--endpoints\\=https\\://h\\:1 \\\\s \\#"))
        .isEqualTo("--endpoints=https://h:1 \\s #");
    assertThat(Sudoers.resolve("modprobe")).isEqualTo("/usr/sbin/modprobe");
    assertThat(Sudoers.resolve("kubeadm")).isEqualTo("/usr/bin/kubeadm");
  }

  @Test
  void testAMalformedLineIsNamedByItsNumber() {
    assertThatThrownBy(() -> Sudoers.parse("# c\n\nbosun ALL=(root) NOPASSWD: kubeadm\n", "bosun"))
        .hasMessageContaining("sudoers line 3")
        .hasMessageContaining("full path");
    assertThatThrownBy(() -> Sudoers.parse("bosun ALL=(root) FOO: /usr/bin/id\n", "bosun"))
        .hasMessageContaining("unsupported tag FOO");
  }
}
