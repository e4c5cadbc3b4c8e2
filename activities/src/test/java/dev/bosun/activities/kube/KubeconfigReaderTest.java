package dev.bosun.activities.kube;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.client.Config;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A kubeconfig from a host: only server, CA data and client cert/key or token; everything else refused by name, no value echoed. */
class KubeconfigReaderTest {

  static final String SECRET = "c2VjcmV0LXZhbHVlLW5ldmVyLWVjaG9lZA==";

  /** kubeadm's admin.conf shape; {@code clusterExtra} and {@code userExtra} are lines added to the entries. */
  static String kubeconfig(String clusterExtra, String userExtra) {
    return "apiVersion: v1\nkind: Config\nclusters:\n- cluster:\n    certificate-authority-data: Y2E=\n    server: https://10.0.0.10:6443\n"
        + clusterExtra
        + "  name: kubernetes\ncontexts:\n- context:\n    cluster: kubernetes\n    user: kubernetes-admin\n"
        + "  name: admin@kubernetes\ncurrent-context: admin@kubernetes\npreferences: {}\nusers:\n- name: kubernetes-admin\n  user:\n"
        + "    client-certificate-data: Y2VydA==\n    client-key-data: " + SECRET + "\n"
        + userExtra;
  }

  @Test
  void kubeadmsAdminConfGivesAConfigOfExactlyItsFields() {
    KubeconfigReader.Credentials c =
        KubeconfigReader.fromHost(kubeconfig("", ""), "cp-1: /etc/kubernetes/admin.conf");
    Config config = c.config("https://192.168.56.10:6443");
    assertEquals("https://192.168.56.10:6443/", config.getMasterUrl());
    assertEquals("Y2E=", config.getCaCertData());
    assertEquals(SECRET, config.getClientKeyData());
    assertEquals(null, config.getOauthToken());
    assertEquals(null, config.getHttpsProxy());
    assertFalse(config.isTrustCerts());
    assertFalse(c.toString().contains(SECRET));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "users[0].user.exec           | ''                                          | '    exec:\n      command: /bin/sh\n      args: [\"-c\", \"id\"]\n'",
        "users[0].user.auth-provider  | ''                                          | '    auth-provider:\n      name: oidc\n'",
        "users[0].user.tokenFile      | ''                                          | '    tokenFile: /var/run/secrets/token\n'",
        "users[0].user.client-key     | ''                                          | '    client-key: /root/.ssh/id_ed25519\n'",
        "users[0].user.password       | ''                                          | '    password: "
            + "hunter2\n'",
        "clusters[0].cluster.proxy-url | '    proxy-url: http://evil.example:3128\n' | ''",
        "clusters[0].cluster.insecure-skip-tls-verify | '    insecure-skip-tls-verify: true\n' | ''",
        "clusters[0].cluster.certificate-authority | '    certificate-authority: /etc/ssl/evil.pem\n' | ''",
      })
  void everyFieldBeyondServerCaAndCredentialsIsRefusedByName(
      String field, String clusterExtra, String userExtra) {
    String text = kubeconfig(clusterExtra.replace("\\n", "\n"), userExtra.replace("\\n", "\n"));
    String message = assertThrows(
            IllegalArgumentException.class,
            () -> KubeconfigReader.fromHost(text, "cp-1: /etc/kubernetes/admin.conf"))
        .getMessage();
    assertTrue(
        message.startsWith("cp-1: /etc/kubernetes/admin.conf " + field + " is not allowed"),
        message);
    for (String value :
        new String[] {SECRET, "/bin/sh", "evil", "hunter2", "id_ed25519", "/var/run"}) {
      assertFalse(message.contains(value), message);
    }
  }

  @Test
  void aPlainHttpServerAndMissingCredentialsAreRefused() {
    String http = kubeconfig("", "").replace("https://10.0.0.10:6443", "http://10.0.0.10:8080");
    assertTrue(
        assertThrows(IllegalArgumentException.class, () -> KubeconfigReader.fromHost(http, "x"))
            .getMessage()
            .contains("server"));
    String noKey = kubeconfig("", "").replace("    client-key-data: " + SECRET + "\n", "");
    assertTrue(
        assertThrows(IllegalArgumentException.class, () -> KubeconfigReader.fromHost(noKey, "x"))
            .getMessage()
            .contains("no credentials"));
    String notYaml = "root:$6$abc:19700:0:99999:7:::\n\t- [";
    String message = assertThrows(
            IllegalArgumentException.class, () -> KubeconfigReader.fromHost(notYaml, "x"))
        .getMessage();
    assertFalse(message.contains("$6$"), message);
  }

  @Test
  void theOperatorsOwnFileMayUsePlainHttpButNeverRunsAnything() {
    String http = kubeconfig("", "").replace("https://10.0.0.10:6443", "http://127.0.0.1:8080");
    assertEquals(
        "http://127.0.0.1:8080",
        KubeconfigReader.fromOperator(http, "kubeconfig /home/op/lab1.conf").server());
    String exec = kubeconfig("", "    exec:\n      command: /bin/sh\n".replace("\\n", "\n"));
    String message = assertThrows(
            IllegalArgumentException.class,
            () -> KubeconfigReader.fromOperator(exec, "kubeconfig /home/op/lab1.conf"))
        .getMessage();
    assertTrue(message.contains("users[0].user.exec is not allowed"), message);
  }
}
