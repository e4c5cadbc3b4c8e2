package dev.bosun.sim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bosun.sim.host.KubeadmRole;
import dev.bosun.sim.shell.Result;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Fresh VMs of an init lab: what a bare Ubuntu host and kubeadm say to each step (and mis-step) of building a cluster. */
class BareHostKubeadmTest {

  static final String KEYRING = "/etc/apt/keyrings/kubernetes-apt-keyring.gpg";
  static final String KEY = "sudo -n mkdir -p -m 755 /etc/apt/keyrings && curl -fsSL "
      + "'https://pkgs.k8s.io/core:/stable:/v1.30/deb/Release.key' | sudo -n gpg --dearmor --yes -o "
      + KEYRING;
  static final String REPO = "echo 'deb [arch=%s signed-by=" + KEYRING
      + "] https://pkgs.k8s.io/core:/stable:/v1.30/deb/ /' "
      + "| sudo -n tee /etc/apt/sources.list.d/kubernetes.list > /dev/null && sudo -n apt-get update -q";
  static final String PACKAGES =
      "sudo -n apt-mark unhold kubeadm kubelet kubectl && sudo -n DEBIAN_FRONTEND=noninteractive "
          + "apt-get install -y --allow-change-held-packages 'kubeadm=1.30.6-1.1' 'kubelet=1.30.6-1.1' 'kubectl=1.30.6-1.1' "
          + "&& sudo -n apt-mark hold kubeadm kubelet kubectl";
  static final String[] RUNTIME = {
    "sudo -n apt-get update -q && sudo -n DEBIAN_FRONTEND=noninteractive apt-get install -y containerd",
    "sudo -n mkdir -p /etc/containerd && containerd config default | sed -E 's/SystemdCgroup = false/SystemdCgroup = true/' "
        + "| sudo -n tee /etc/containerd/config.toml > /dev/null",
    "sudo -n modprobe overlay && sudo -n modprobe br_netfilter",
    "sudo -n swapoff -a && sudo -n sed -E -i '/^[^#].*\\sswap\\s/ s/^/#/' /etc/fstab",
    "sudo -n systemctl restart containerd"
  };
  static final String SYSCTL =
      "sudo -n install -m 644 /dev/null /etc/sysctl.d/k8s.conf && sudo -n tee /etc/sysctl.d/k8s.conf > /dev/null";

  @TempDir
  Path dir;

  LabSim lab;

  @BeforeEach
  void start() throws Exception {
    lab = LabSim.start(
        LabSpec.forInit("lab", 1, 2, "v1.30.6", dir).withNotReadyWindow(Duration.ofMillis(300)));
  }

  @AfterEach
  void stop() {
    lab.close();
  }

  private void create(String name, String arch) throws Exception {
    synchronized (lab.state().lock()) {
      lab.state().machines().create(name, arch);
    }
  }

  private Result run(String host, String command) throws InterruptedException {
    return lab.run(host, command);
  }

  private void ok(String host, String command) throws InterruptedException {
    Result r = run(host, command);
    assertThat(r.exitCode()).as(command + "\n" + r.stderr()).isZero();
  }

  private void packages(String host, String arch) throws InterruptedException {
    ok(host, KEY);
    ok(host, String.format(REPO, arch));
    ok(host, PACKAGES);
  }

  private void runtime(String host) throws InterruptedException {
    for (String c : RUNTIME) {
      ok(host, c);
    }
    assertThat(lab.run(
                host, SYSCTL, "net.bridge.bridge-nf-call-iptables = 1\nnet.ipv4.ip_forward = 1\n")
            .exitCode())
        .isZero();
    ok(host, "sudo -n sysctl --system");
  }

  private String initConfig() {
    return "apiVersion: kubeadm.k8s.io/v1beta3\nkind: InitConfiguration\nnodeRegistration:\n  name: \"cp-1\"\n---\n"
        + "apiVersion: kubeadm.k8s.io/v1beta3\nkind: ClusterConfiguration\nkubernetesVersion: \"v1.30.6\"\n"
        + "controlPlaneEndpoint: \"" + lab.state().controlPlaneEndpoint() + "\"\n";
  }

  private Result init(String host) throws InterruptedException {
    lab.run(host, "sudo -n tee /etc/kubernetes/bosun-init.yaml > /dev/null", initConfig());
    return run(
        host, "sudo -n kubeadm init --config /etc/kubernetes/bosun-init.yaml --upload-certs");
  }

  @Test
  void testAControlPlaneHasEtcdInAStaticPodButNoClientUntilTheReleaseIsInstalled()
      throws Exception {
    create("cp-1", "amd64");
    packages("cp-1", "amd64");
    runtime("cp-1");
    assertThat(init("cp-1").exitCode()).isZero();
    assertThat(run("cp-1", "etcdctl version").exitCode()).isEqualTo(127);
    assertThat(run("cp-1", "sudo -n cat /etc/kubernetes/manifests/etcd.yaml").stdout())
        .contains("    image: registry.k8s.io/etcd:3.5.15-0\n", "--name=cp-1");

    String dir = run("cp-1", "mktemp -d /tmp/bosun-etcd.XXXXXXXXXX").stdout().strip();
    assertThat(dir).matches("/tmp/bosun-etcd\\.[A-Za-z0-9]{10}");
    String base = "https://github.com/etcd-io/etcd/releases/download/v3.5.15/";
    String asset = "etcd-v3.5.15-linux-amd64.tar.gz";
    Result other = run(
        "cp-1", "curl -fsSL -o " + dir + "/x.tar.gz " + base.replace("3.5.15", "3.5.99") + asset);
    assertThat(other.exitCode()).isEqualTo(22);
    assertThat(other.stderr()).contains("error: 404");
    ok("cp-1", "curl -fsSL --retry 3 -o " + dir + "/" + asset + " " + base + asset);
    ok("cp-1", "curl -fsSL --retry 3 -o " + dir + "/SHA256SUMS " + base + "SHA256SUMS");
    String digest = run("cp-1", "sha256sum " + dir + "/" + asset).stdout().split(" ")[0];
    assertThat(run("cp-1", "cat " + dir + "/SHA256SUMS").stdout())
        .contains(digest + "  " + asset + "\n", "  etcd-v3.5.15-linux-arm64.tar.gz\n");
    ok(
        "cp-1",
        "tar -xzf " + dir + "/" + asset + " -C " + dir
            + " --strip-components=1 etcd-v3.5.15-linux-amd64/etcdctl etcd-v3.5.15-linux-amd64/etcdutl");
    String install = "install -m 0755 " + dir + "/etcdctl " + dir + "/etcdutl /usr/local/bin/";
    assertThat(run("cp-1", install).stderr()).contains("Permission denied");
    ok("cp-1", "sudo -n " + install);
    ok("cp-1", "rm -rf " + dir);
    assertThat(run("cp-1", "etcdctl version").stdout()).startsWith("etcdctl version: 3.5.15\n");
    assertThat(run("cp-1", "etcdutl version").stdout()).startsWith("etcdutl version: 3.5.15\n");
    assertThat(lab.state().file("cp-1", dir + "/" + asset))
        .as("rm -rf took the folder")
        .isNull();
  }

  @Test
  void testACutShortEtcdReleaseDoesNotMatchItsSumsAndDoesNotUnpack() throws Exception {
    create("cp-1", "arm64");
    String base = "https://github.com/etcd-io/etcd/releases/download/v3.5.15/";
    String asset = "etcd-v3.5.15-linux-arm64.tar.gz";
    lab.faults().corruptEtcdRelease();
    ok("cp-1", "curl -fsSL -o /tmp/" + asset + " " + base + asset);
    ok("cp-1", "curl -fsSL -o /tmp/SHA256SUMS " + base + "SHA256SUMS");
    String digest = run("cp-1", "sha256sum /tmp/" + asset).stdout().split(" ")[0];
    assertThat(run("cp-1", "cat /tmp/SHA256SUMS").stdout()).doesNotContain(digest);
    Result tar = run("cp-1", "tar -xzf /tmp/" + asset + " -C /tmp --strip-components=1 x/etcdctl");
    assertThat(tar.exitCode()).isEqualTo(2);
    assertThat(tar.stderr()).contains("gzip: stdin: unexpected end of file");
    lab.faults().clear();
    ok("cp-1", "curl -fsSL -o /tmp/" + asset + " " + base + asset);
    assertThat(run("cp-1", "cat /tmp/SHA256SUMS").stdout())
        .contains(run("cp-1", "sha256sum /tmp/" + asset).stdout().split(" ")[0]);
  }

  @Test
  void testBareHostFailsKubeadmPreflightLikeKubeadm() throws Exception {
    create("cp-1", "amd64");
    assertThat(run("cp-1", "dpkg --print-architecture").stdout()).isEqualTo("amd64\n");
    assertThat(run("cp-1", "cat /etc/apt/sources.list.d/kubernetes.list").exitCode())
        .isOne();
    assertThat(run("cp-1", "sudo -n DEBIAN_FRONTEND=noninteractive apt-get install -y containerd")
            .stderr())
        .as("no package lists before apt-get update")
        .contains("Unable to locate package containerd");
    packages("cp-1", "amd64");
    Result r = init("cp-1");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.stderr())
        .startsWith(
            "error execution phase preflight: [preflight] Some fatal errors occurred:\n\t[ERROR CRI]: container runtime is not running")
        .contains("\t[ERROR Swap]: running with swap on is not supported. Please disable swap\n")
        .contains(
            "\t[ERROR FileContent--proc-sys-net-bridge-bridge-nf-call-iptables]: /proc/sys/net/bridge/bridge-nf-call-iptables does not exist\n")
        .contains(
            "\t[ERROR FileContent--proc-sys-net-ipv4-ip_forward]: /proc/sys/net/ipv4/ip_forward contents are not set to 1\n")
        .endsWith("To see the stack trace of this error execute with --v=5 or higher\n");
    runtime("cp-1");
    assertThat(run("cp-1", "cat /etc/fstab").stdout()).contains("#/swap.img\tnone\tswap");
    assertThat(run("cp-1", "cat /proc/swaps").stdout().lines().count()).isOne();
    assertThat(run("cp-1", "lsmod").stdout()).contains("br_netfilter").contains("overlay");
    assertThat(run("cp-1", "sysctl -n net.bridge.bridge-nf-call-iptables net.ipv4.ip_forward")
            .stdout())
        .isEqualTo("1\n1\n");
    assertThat(init("cp-1").stdout())
        .contains("Your Kubernetes control-plane has initialized successfully!");
  }

  @Test
  void testContainerdWithCgroupfsNeverBringsTheControlPlaneUp() throws Exception {
    create("cp-1", "amd64");
    packages("cp-1", "amd64");
    runtime("cp-1");
    ok("cp-1", "containerd config default | sudo -n tee /etc/containerd/config.toml > /dev/null");
    Result r = init("cp-1");
    assertThat(r.exitCode()).isOne();
    assertThat(r.stdout()).contains("[kubelet-check] The kubelet is not healthy after 4m0s");
    assertThat(lab.state().kubeadmRole("cp-1")).isEqualTo(KubeadmRole.NOT_INITIALISED);
  }

  @Test
  void testTheRepositoryLineMustNameTheHostsArchitecture() throws Exception {
    create("w-1", "arm64");
    assertThat(run("w-1", "uname -m").stdout()).isEqualTo("aarch64\n");
    ok("w-1", KEY);
    ok("w-1", String.format(REPO, "amd64"));
    assertThat(run("w-1", "apt-cache madison kubeadm").stdout()).isEmpty();
    ok("w-1", String.format(REPO, "arm64"));
    assertThat(run("w-1", "apt-cache madison kubeadm").stdout()).contains("1.30.6-1.1");
    assertThat(run("w-1", PACKAGES).stdout()).contains("kubeadm_1.30.6-1.1_arm64.deb");
  }

  @Test
  void testAptRefusesTheRepositoryWithoutItsKey() throws Exception {
    create("w-1", "amd64");
    Result r = run("w-1", String.format(REPO, "amd64"));
    assertThat(r.exitCode()).isEqualTo(100);
    assertThat(r.stderr()).contains("NO_PUBKEY 234654DA9A296436").contains("is not signed");
  }

  @Test
  void testJoinWithConfigTokenTtlCertificateKeyExpiryAndReset() throws Exception {
    create("cp-1", "amd64");
    create("cp-2", "amd64");
    create("w-1", "arm64");
    for (String[] h : new String[][] {{"cp-1", "amd64"}, {"cp-2", "amd64"}, {"w-1", "arm64"}}) {
      packages(h[0], h[1]);
      runtime(h[0]);
    }
    Result init = init("cp-1");
    assertThat(init.stdout())
        .contains("[upload-certs] Using certificate key:\n")
        .containsPattern(
            "kubeadm join 127\\.0\\.0\\.1:\\d+ --token [a-z0-9]{6}\\.[a-z0-9]{16} \\\\\n\t--discovery-token-ca-cert-hash sha256:[0-9a-f]{64}");
    String join = run("cp-1", "sudo -n kubeadm token create --ttl 15m --print-join-command")
        .stdout();
    assertThat(join).endsWith(" \n").doesNotContain("\\");
    String[] f = join.trim().split(" ");
    String endpoint = f[2];
    String token = f[4];
    String hash = f[6];
    String worker =
        "apiVersion: kubeadm.k8s.io/v1beta3\nkind: JoinConfiguration\ndiscovery:\n  bootstrapToken:\n"
            + "    apiServerEndpoint: \"" + endpoint
            + "\"\n    token: \"%s\"\n    caCertHashes:\n    - \"" + hash + "\"\n"
            + "nodeRegistration:\n  name: \"%s\"\n";
    String joinFile =
        "sudo -n install -m 600 /dev/null /etc/kubernetes/bosun-join.yaml && sudo -n tee /etc/kubernetes/bosun-join.yaml > /dev/null";
    String joinCmd = "sudo -n kubeadm join --config /etc/kubernetes/bosun-join.yaml";

    // The token dies after its TTL (lab time).
    lab.state().advanceClock(Duration.ofMinutes(16));
    lab.run("w-1", joinFile, String.format(worker, token, "w-1"));
    Result expired = run("w-1", joinCmd);
    assertThat(expired.exitCode()).isOne();
    assertThat(expired.stderr())
        .contains("could not find a JWS signature in the cluster-info ConfigMap for token ID \""
            + token.split("\\.")[0] + "\"");
    String fresh = run("cp-1", "sudo -n kubeadm token create --ttl 15m --print-join-command")
        .stdout()
        .trim()
        .split(" ")[4];
    lab.run("w-1", joinFile, String.format(worker, fresh, "w-1"));
    assertThat(run("w-1", joinCmd).stdout()).contains("This node has joined the cluster:");
    assertThat(run("w-1", joinCmd).stderr())
        .as("joined already")
        .contains("[ERROR FileAvailable--etc-kubernetes-kubelet.conf]");
    String arch =
        lab.state().read(c -> c.node("w-1").getMetadata().getLabels().get("kubernetes.io/arch"));
    assertThat(arch).isEqualTo("arm64");

    // The init's certificate key expired with its 2 hours: a control-plane join needs a fresh
    // upload.
    lab.state().advanceClock(Duration.ofHours(2));
    String cpToken = run("cp-1", "sudo -n kubeadm token create --ttl 15m --print-join-command")
        .stdout()
        .trim()
        .split(" ")[4];
    String initKey = init.stdout()
        .lines()
        .dropWhile(l -> !l.endsWith("Using certificate key:"))
        .skip(1)
        .findFirst()
        .orElseThrow();
    String cp =
        String.format(worker, cpToken, "cp-2") + "controlPlane:\n  certificateKey: \"%s\"\n";
    lab.run("cp-2", joinFile, String.format(cp, initKey));
    assertThat(run("cp-2", joinCmd).stderr())
        .contains(
            "Secret \"kubeadm-certs\" was not found in the \"kube-system\" Namespace. This Secret might have expired.");
    String upload =
        run("cp-1", "sudo -n kubeadm init phase upload-certs --upload-certs").stdout();
    String key = upload
        .lines()
        .dropWhile(l -> !l.equals("[upload-certs] Using certificate key:"))
        .skip(1)
        .findFirst()
        .orElseThrow();
    lab.run("cp-2", joinFile, String.format(cp, key));
    assertThat(run("cp-2", joinCmd).stdout()).contains("a new control plane instance was created");

    // Reset: the host forgets the cluster; its Node stays until kubectl delete node.
    assertThat(run("w-1", "sudo -n kubeadm reset -f").exitCode()).isZero();
    assertThat(lab.state().kubeadmRole("w-1")).isEqualTo(KubeadmRole.NOT_INITIALISED);
    assertThat(lab.state().kubeletActive("w-1")).isFalse();
    assertThat(run("w-1", "sudo -n test -f /etc/kubernetes/kubelet.conf").exitCode())
        .isOne();
    assertThat(run(
                "cp-1",
                "sudo -n kubectl --kubeconfig /etc/kubernetes/admin.conf delete node w-1 --ignore-not-found")
            .stdout())
        .isEqualTo("node \"w-1\" deleted\n");
    io.fabric8.kubernetes.api.model.Node gone = lab.state().read(c -> c.node("w-1"));
    assertThat(gone).isNull();
  }

  @Test
  void testJoinFaultFailsPreflight() throws Exception {
    create("cp-1", "amd64");
    create("w-1", "amd64");
    for (String h : new String[] {"cp-1", "w-1"}) {
      packages(h, "amd64");
      runtime(h);
    }
    assertThat(init("cp-1").exitCode()).isZero();
    lab.faults().failJoin("w-1");
    String join =
        run("cp-1", "sudo -n kubeadm token create --print-join-command").stdout();
    Result r = run("w-1", "sudo -n " + join.trim());
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.stderr()).contains("[ERROR Port-10250]: Port 10250 is in use");
    lab.faults().clear();
    assertThat(run("w-1", "sudo -n " + join.trim()).exitCode()).isZero();
  }

  @Test
  void testKubeadmFaultsFromYaml() throws Exception {
    create("cp-1", "amd64");
    create("cp-2", "amd64");
    for (String h : new String[] {"cp-1", "cp-2"}) {
      packages(h, "amd64");
      runtime(h);
    }
    assertThat(init("cp-1").exitCode()).isZero();
    Path yaml = dir.resolve("faults.yaml");
    java.nio.file.Files.writeString(
        yaml, "faults:\n  - { host: cp-2, joinFails: true }\n  - { expireCertificateKey: true }\n");
    lab.faults().load(yaml);
    String key = run("cp-1", "sudo -n kubeadm init phase upload-certs --upload-certs")
        .stdout()
        .lines()
        .reduce((a, b) -> b)
        .orElseThrow();
    lab.faults().expireCertificateKey();
    String join = "sudo -n "
        + run("cp-1", "sudo -n kubeadm token create --print-join-command --certificate-key " + key)
            .stdout()
            .trim();
    assertThat(run("cp-2", join).exitCode()).as("joinFails").isEqualTo(2);
    lab.faults().clear();
    assertThat(run("cp-2", join).stderr()).contains("Secret \"kubeadm-certs\" was not found");
  }
}
