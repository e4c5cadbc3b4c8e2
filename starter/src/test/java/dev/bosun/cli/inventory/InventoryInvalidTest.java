package dev.bosun.cli.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** One broken inventory per case; each must be refused with the path, the rule and line:column. */
@Timeout(
    value = 10,
    unit = TimeUnit.MINUTES) // a hung watch or server fails the test instead of hanging CI
class InventoryInvalidTest {

  @TempDir
  Path tmp;

  InventoryFixture f;

  @BeforeEach
  void fixture() throws IOException {
    f = new InventoryFixture(tmp);
  }

  /** name, find, replace, expected "line:col: path: " prefix, expected rule fragment. */
  static Stream<Arguments> edits() {
    String cp = "  - { name: cp-1, role: control-plane, address: 192.168.56.11 }";
    String w = "  - { name: w-1, role: worker, address: 192.168.56.21 }";
    String ssh = "ssh:\n";
    String nodes = "nodes:\n";
    return Stream.of(
        Arguments.of(
            "node name with ';'",
            "name: w-1,",
            "name: w-1;reboot,",
            "11:13: nodes[1].name: 'w-1;reboot' ",
            "is not a valid node name: must be an RFC 1123 label"),
        Arguments.of(
            "node name with $(id)",
            "name: w-1,",
            "name: \"$(id)\",",
            "11:13: nodes[1].name: '$(id)' ",
            "is not a valid node name"),
        Arguments.of(
            "node name too long",
            "name: w-1,",
            "name: " + "w".repeat(64) + ",",
            "11:13: nodes[1].name: '",
            "at most 63 characters"),
        Arguments.of(
            "duplicate node names",
            "name: w-1,",
            "name: cp-1,",
            "11:13: nodes[1].name: 'cp-1' ",
            "is a duplicate node name: nodes[0] has it already"),
        Arguments.of(
            "no control plane",
            "role: control-plane",
            "role: worker",
            "10:3: nodes: ",
            "has no control-plane node"),
        Arguments.of(
            "unknown role",
            "role: worker",
            "role: master",
            "11:24: nodes[1].role: 'master' ",
            "must be control-plane or worker"),
        Arguments.of(
            "version without v and patch",
            "version: v1.30.6",
            "version: 1.31",
            "3:12: kubernetes.version: '1.31' ",
            "must be vMAJOR.MINOR.PATCH"),
        Arguments.of(
            "version without patch",
            "version: v1.30.6",
            "version: v1.31",
            "3:12: kubernetes.version: 'v1.31' ",
            "is not a valid Kubernetes version"),
        Arguments.of(
            "version with a shell command",
            "version: v1.30.6",
            "version: v1.31.2;id",
            "3:12: kubernetes.version: 'v1.31.2;id' ",
            "is not a valid Kubernetes version"),
        Arguments.of(
            "misspelt key",
            "  version: v1.30.6",
            "  verison: v1.30.6",
            "3:3: kubernetes.verison: ",
            "is not a known key (did you mean 'version'?)"),
        Arguments.of(
            "misspelt top-level key",
            "cluster: lab1",
            "cluster: lab1\nclsuter: lab2",
            "2:1: clsuter: ",
            "is not a known key (did you mean 'cluster'?)"),
        Arguments.of(
            "inline private key",
            "privateKey: keys/id_ed25519",
            "privateKey: \"-----BEGIN OPENSSH PRIVATE KEY-----\\nb3BlbnNzaC1rZXktdjEAAAA\\n\"",
            "7:15: ssh.privateKey: ",
            "looks like key material written inline"),
        Arguments.of(
            "inline password",
            ssh,
            ssh + "  password: hunter2\n",
            "6:3: ssh.password: ",
            "is an inline secret: secrets are never written in the inventory"),
        Arguments.of(
            "inline token at the top",
            "cluster: lab1",
            "cluster: lab1\ntoken: abc123",
            "2:1: token: ",
            "privateKeyPassphraseEnv: ENV_NAME"),
        Arguments.of(
            "inline public key line",
            "user: vagrant",
            "user: \"ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIK me@x\"",
            "6:9: ssh.user: ",
            "looks like key material"),
        Arguments.of(
            "nodes as a string",
            nodes + cp + "\n" + w + "\n",
            "nodes: cp-1\n",
            "9:8: nodes: 'cp-1' ",
            "must be a list (lines starting with '- '), got a string"),
        Arguments.of(
            "kubernetes as a list",
            "kubernetes:\n  version: v1.30.6\n  controlPlaneEndpoint: 192.168.56.10:6443\n",
            "kubernetes: [v1.30.6]\n",
            "2:13: kubernetes: ",
            "must be a mapping (key: value lines), got a list"),
        Arguments.of(
            "port as text",
            ssh,
            ssh + "  port: twenty-two\n",
            "6:9: ssh.port: 'twenty-two' ",
            "must be an integer, got a string"),
        Arguments.of(
            "port out of range",
            ssh,
            ssh + "  port: 70000\n",
            "6:9: ssh.port: '70000' ",
            "is not a valid port: must be 1-65535"),
        Arguments.of(
            "node sshPort zero",
            "address: 192.168.56.21 }",
            "address: 192.168.56.21, sshPort: 0 }",
            "11:65: nodes[1].sshPort: '0' ",
            "is not a valid port"),
        Arguments.of(
            "address not an IP",
            "address: 192.168.56.21",
            "address: 192.168.56.300",
            "11:41: nodes[1].address: '192.168.56.300' ",
            "is not a valid address: must be an IPv4 or IPv6 address"),
        Arguments.of(
            "address with shell characters",
            "address: 192.168.56.21",
            "address: \"w1.lan;rm -rf /\"",
            "11:41: nodes[1].address: 'w1.lan;rm -rf /' ",
            "is not a valid address"),
        Arguments.of(
            "endpoint without port",
            "controlPlaneEndpoint: 192.168.56.10:6443",
            "controlPlaneEndpoint: 192.168.56.10",
            "4:25: kubernetes.controlPlaneEndpoint: '192.168.56.10' ",
            "must be host:port"),
        Arguments.of(
            "cluster name with uppercase",
            "cluster: lab1",
            "cluster: Lab_1",
            "1:10: cluster: 'Lab_1' ",
            "is not a valid cluster name: must be an RFC 1123 label"),
        Arguments.of(
            "prefix too long",
            "kubernetes:\n",
            "kubernetes:\n  podSubnet: 10.244.0.0/33\n",
            "3:14: kubernetes.podSubnet: '10.244.0.0/33' ",
            "is not a valid CIDR"),
        Arguments.of(
            "CIDR with a short address",
            "kubernetes:\n",
            "kubernetes:\n  serviceSubnet: 10.96.0/12\n",
            "3:18: kubernetes.serviceSubnet: '10.96.0/12' ",
            "is not a valid CIDR"),
        Arguments.of(
            "duration in words",
            ssh,
            ssh + "  connectTimeout: 10 minutes\n",
            "6:19: ssh.connectTimeout: '10 minutes' ",
            "is not a valid duration: must look like 30s, 10m, 1h"),
        Arguments.of(
            "long key misspelt by a dropped syllable",
            "cluster: lab1",
            "upgrade: { maxUnavial: 1 }\ncluster: lab1",
            "1:12: upgrade.maxUnavial: ",
            "is not a known key (did you mean 'maxUnavailable'?)"),
        Arguments.of(
            "maxUnavailable zero",
            "cluster: lab1",
            "upgrade: { maxUnavailable: 0 }\ncluster: lab1",
            "1:28: upgrade.maxUnavailable: '0' ",
            "must be at least 1"),
        Arguments.of(
            "maxUnavailable above the workers",
            "cluster: lab1",
            "upgrade: { maxUnavailable: 3 }\ncluster: lab1",
            "1:28: upgrade.maxUnavailable: '3' ",
            "is more than the 1 workers in nodes: must be 1 to 1"),
        Arguments.of(
            "maxUnavailable 150%",
            "cluster: lab1",
            "upgrade: { maxUnavailable: 150% }\ncluster: lab1",
            "1:28: upgrade.maxUnavailable: '150%' ",
            "is not a valid percentage: must be 1% to 100%"),
        Arguments.of(
            "gracePeriod below -1",
            "cluster: lab1",
            "upgrade: { drain: { gracePeriod: -2 } }\ncluster: lab1",
            "1:34: upgrade.drain.gracePeriod: '-2' ",
            "must be -1 (each pod's own terminationGracePeriodSeconds)"),
        Arguments.of(
            "maxFailedNodes negative",
            "cluster: lab1",
            "upgrade: { maxFailedNodes: -1 }\ncluster: lab1",
            "1:28: upgrade.maxFailedNodes: '-1' ",
            "must be 0 (no circuit breaker) or more"),
        Arguments.of(
            "onNodeFailure unknown",
            "cluster: lab1",
            "upgrade: { onNodeFailure: retry }\ncluster: lab1",
            "1:27: upgrade.onNodeFailure: 'retry' ",
            "must be wait-for-operator, abort or skip"),
        Arguments.of(
            "hypervisor kind unknown",
            "cluster: lab1",
            "hypervisor: { kind: virtualbox }\ncluster: lab1",
            "1:21: hypervisor.kind: 'virtualbox' ",
            "is not a known hypervisor: must be one of vagrant, hyperv, utm, none"),
        Arguments.of(
            "vagrant without provider",
            "cluster: lab1",
            "hypervisor: { kind: vagrant, project: /labs/l1 }\ncluster: lab1",
            "1:13: hypervisor.provider: ",
            "is required"),
        Arguments.of(
            "vagrant with an unknown provider",
            "cluster: lab1",
            "hypervisor: { kind: vagrant, provider: qemu, project: /l }\ncluster: lab1",
            "1:40: hypervisor.provider: 'qemu' ",
            "is not a supported Vagrant provider: must be one of libvirt, virtualbox"),
        Arguments.of(
            "hyperv without vmSwitch",
            "cluster: lab1",
            "hypervisor: { kind: hyperv, host: hv1.lan }\ncluster: lab1",
            "1:13: hypervisor.vmSwitch: ",
            "is required"),
        Arguments.of(
            "utm without host",
            "cluster: lab1",
            "hypervisor: { kind: utm }\ncluster: lab1",
            "1:13: hypervisor.host: ",
            "is required"),
        Arguments.of(
            "field of another hypervisor",
            "cluster: lab1",
            "hypervisor: { kind: vagrant, provider: libvirt, project: /l, vmSwitch: S }\ncluster: lab1",
            "1:72: hypervisor.vmSwitch: ",
            "does not apply to hypervisor kind vagrant"),
        Arguments.of(
            "key file missing",
            "privateKey: keys/id_ed25519",
            "privateKey: keys/nope",
            "7:15: ssh.privateKey: 'keys/nope' ",
            "does not exist ("),
        Arguments.of(
            "known_hosts missing",
            "knownHosts: keys/known_hosts",
            "knownHosts: ~/none",
            "8:15: ssh.knownHosts: '~/none' ",
            "does not exist ("),
        Arguments.of(
            "passphrase env not a name",
            ssh,
            ssh + "  privateKeyPassphraseEnv: MY-KEY\n",
            "6:28: ssh.privateKeyPassphraseEnv: 'MY-KEY' ",
            "is not an environment variable name"),
        Arguments.of(
            "duplicate YAML key",
            "  user: vagrant",
            "  user: vagrant\n  user: root",
            "7:9: ssh.user: ",
            "is written twice in the same mapping"),
        Arguments.of(
            "nodes empty",
            nodes + cp + "\n" + w + "\n",
            "nodes: []\n",
            "9:8: nodes: ",
            "is empty: list at least one control-plane node"),
        Arguments.of(
            "required cluster missing", "cluster: lab1\n", "", "1:1: cluster: ", "is required"),
        Arguments.of(
            "kubeconfig missing",
            "kubernetes:\n",
            "kubernetes:\n  kubeconfig: ~/.kube/lab1\n",
            "3:15: kubernetes.kubeconfig: '~/.kube/lab1' ",
            "does not exist ("),
        Arguments.of(
            "a node that is a string",
            w + "\n",
            "  - w-1\n",
            "11:5: nodes[1]: 'w-1' ",
            "must be a mapping (key: value), got a string"),
        Arguments.of(
            "misspelt node key",
            "address: 192.168.56.21",
            "adress: 192.168.56.21",
            "11:32: nodes[1].adress: ",
            "is not a known key (did you mean 'address'?)"),
        Arguments.of(
            "restic without passwordEnv",
            "cluster: lab1",
            "backup: { offHost: { tool: restic, source: \"s3:b\", destination: \"sftp:nas:/b\" } }\ncluster: lab1",
            "1:20: backup.offHost.passwordEnv: ",
            "is required"),
        Arguments.of(
            "velero namespace invalid",
            "cluster: lab1",
            "backup: { velero: { namespace: Velero_NS } }\ncluster: lab1",
            "1:32: backup.velero.namespace: 'Velero_NS' ",
            "is not a valid namespace"),
        Arguments.of(
            "drill schedule not cron",
            "cluster: lab1",
            "drill: { schedule: \"every sunday\" }\ncluster: lab1",
            "1:20: drill.schedule: 'every sunday' ",
            "must be a cron expression of five fields"),
        Arguments.of(
            "drill check kind unknown",
            "cluster: lab1",
            "drill: { checks: [ { kind: ping } ] }\ncluster: lab1",
            "1:28: drill.checks[0].kind: 'ping' ",
            "is not a known check"),
        Arguments.of(
            "drill http-probe not a service of the restored cluster",
            "cluster: lab1",
            "drill: { checks: [ { kind: http-probe, url: \"http://10.0.0.1/x\" } ] }\ncluster: lab1",
            "1:45: drill.checks[0].url: 'http://10.0.0.1/x' ",
            "must be http(s)://SERVICE.NAMESPACE"),
        Arguments.of(
            "drill velero plugins not an image",
            "cluster: lab1",
            "drill: { velero: { plugins: \"a b\", credentialsFile: /c, scratchBucket: \"s3:x\", bucket: x1x,"
                + " s3Url: \"http://h:9000\" } }\ncluster: lab1",
            "1:29: drill.velero.plugins: ",
            "is not an image reference"),
        Arguments.of(
            "drill scratch node typo",
            "cluster: lab1",
            "drill: { scratch: { controlPlaneEndpoint: \"10.0.9.10:6443\", hypervisor: { kind: vagrant, project: /l },"
                + " nodes: [ { name: d-cp-1, role: control-plane, adress: 10.0.9.11 } ] } }\ncluster: lab1",
            "1:151: drill.scratch.nodes[0].adress: ",
            "is not a known key"),
        Arguments.of(
            "vagrant hyperv-only provider field typo",
            "cluster: lab1",
            "hypervisor: { kind: vagrant, provder: libvirt, project: /l }\ncluster: lab1",
            "1:30: hypervisor.provder: ",
            "is not a known key (did you mean 'provider'?)"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("edits")
  void testRefused(String name, String find, String replace, String where, String rule) {
    InventoryResult result = f.parseEdited(find, replace);

    assertThat(result.valid()).isFalse();
    assertThat(result.inventory()).isNull();
    assertThat(result.renderedErrors())
        .as("errors for %s", name)
        .anySatisfy(line -> assertThat(line).startsWith("lab.yaml:" + where).contains(rule));
  }

  @Test
  void testSecretValuesAreNeverEchoed() {
    InventoryResult result =
        f.parseEdited("ssh:\n", "ssh:\n  passphrase: hunter2\n  token: s3cr3t-value\n");

    assertThat(result.renderedErrors())
        .hasSize(2)
        .noneMatch(l -> l.contains("hunter2") || l.contains("s3cr3t"));
  }

  @Test
  void testWorldReadableKeyIsRefusedWithChmodAdvice() throws IOException {
    Files.setPosixFilePermissions(f.key, PosixFilePermissions.fromString("rw-r--r--"));

    assertThat(f.parse(InventoryFixture.BASE).renderedErrors())
        .containsExactly(
            "lab.yaml:7:15: ssh.privateKey: 'keys/id_ed25519' is readable or writable by group/others (rw-r--r--),"
                + " and ssh refuses such keys: run chmod 600 " + f.key);
  }

  @Test
  void testEmptyFile() {
    assertThat(f.parse("# only a comment\n").renderedErrors())
        .containsExactly(
            "lab.yaml: is empty: an inventory needs at least cluster, kubernetes, ssh and nodes (see docs/inventory.md)");
  }

  @Test
  void testNotYaml() {
    assertThat(f.parse("cluster: lab1\nnodes: [ { name: a\n").renderedErrors())
        .singleElement()
        .asString()
        .matches("lab\\.yaml:\\d+:\\d+: not valid YAML: .+");
  }

  @Test
  void testTopLevelList() {
    assertThat(f.parse("- cluster: lab1\n").renderedErrors())
        .singleElement()
        .asString()
        .startsWith("lab.yaml:1:1: the inventory must be a mapping with the keys cluster");
  }

  @Test
  void testMultipleDocuments() {
    assertThat(f.parse(InventoryFixture.BASE + "---\ncluster: lab2\n").renderedErrors())
        .containsExactly(
            "lab.yaml:13:1: more than one YAML document (found a second one): an inventory file describes one cluster");
  }

  @Test
  void testTenMegabyteFileIsRefusedBeforeParsing() throws IOException {
    Path big = tmp.resolve("big.yaml");
    Files.writeString(big, "cluster: lab1\n" + "# padding\n".repeat(1_000_000));
    InventoryResult result = new InventoryLoader(f.home).load(big);

    assertThat(result.renderedErrors())
        .singleElement()
        .asString()
        .isEqualTo(
            big + ": is too large (10000014 bytes): an inventory file must be at most 1 MiB");
  }

  @Test
  void testMissingFile() {
    assertThat(new InventoryLoader(f.home).load(tmp.resolve("nope.yaml")).renderedErrors())
        .singleElement()
        .asString()
        .endsWith("nope.yaml: does not exist");
  }

  @Test
  void testEveryProblemIsReportedAtOnceInDocumentOrder() {
    String yaml = """
        cluster: Lab1
        kubernetes:
          version: v1.31
          controlPlaneEndpoint: 192.168.56.10:6443
          podSubnet: 10.244.0.0/99
        ssh:
          user: vagrant
          privateKey: keys/missing
          knownHosts: keys/known_hosts
          port: 0
          pasword: x
        nodes:
          - { name: cp-1, role: worker, address: 192.168.56.11 }
          - { name: "w-1;reboot", role: worker, address: 192.168.56.21 }
        upgrade: { maxUnavailable: 150%, drain: { timeout: soon } }
        """;
    InventoryResult result = f.parse(yaml);

    assertThat(result.renderedErrors())
        .extracting(l -> l.replaceFirst("^(lab\\.yaml:\\d+:\\d+: [^:]+): .*", "$1"))
        .containsExactly(
            "lab.yaml:1:10: cluster",
            "lab.yaml:3:12: kubernetes.version",
            "lab.yaml:5:14: kubernetes.podSubnet",
            "lab.yaml:8:15: ssh.privateKey",
            "lab.yaml:10:9: ssh.port",
            "lab.yaml:11:3: ssh.pasword",
            "lab.yaml:13:3: nodes",
            "lab.yaml:14:13: nodes[1].name",
            "lab.yaml:15:28: upgrade.maxUnavailable",
            "lab.yaml:15:52: upgrade.drain.timeout");
  }
}
