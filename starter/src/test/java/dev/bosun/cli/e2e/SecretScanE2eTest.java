package dev.bosun.cli.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.temporal.client.WorkflowExecutionMetadata;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs after every Scenario*E2eTest: {@code @Order(MAX_VALUE)} with the class orderer that
 * junit-platform.properties configures ({@code ClassOrderer$OrderAnnotation}). Every history the suite
 * produced — parents, children, every run — as the UI shows it, payloads decoded, must hold no secret: no
 * byte of the labs' private keys, no client key or certificate of their admin kubeconfigs, no private key,
 * password or token of any kind.
 */
@Order(Integer.MAX_VALUE)
@ExtendWith(E2eExtension.class)
@Timeout(
    value = 10,
    unit = TimeUnit.MINUTES) // a hung watch or server fails the test instead of hanging CI
class SecretScanE2eTest {

  /** Secret shapes, whatever lab they come from. */
  static final Map<String, Pattern> SHAPES = Map.of(
      "a PEM/OpenSSH private key", Pattern.compile("PRIVATE KEY"),
      "a kubeconfig client key or certificate", Pattern.compile("client-(key|certificate)-data"),
      "a --token flag", Pattern.compile("--token[ =]"),
      "a bearer token", Pattern.compile("(?i)bearer\\s+[A-Za-z0-9._~+/-]{8,}"),
      "a password value", Pattern.compile("(?i)\"?passw(or)?d\"?\\s*[:=]\\s*\"?[^\\s\",}]+"),
      "a kubeadm bootstrap token", Pattern.compile("\\b[a-z0-9]{6}\\.[a-z0-9]{16}\\b"),
      "a kubeadm certificate key", Pattern.compile("--certificate-key[ =]"));

  @Test
  void testNoHistoryOfTheSuiteHoldsASecret(E2eEnvironment env) throws IOException {
    Assumptions.assumeFalse(
        env.secretFiles().isEmpty(),
        "no E2E scenario ran before the secret scan: no history to scan");
    Map<String, String> secrets = secretValues(env.secretFiles());
    List<WorkflowExecutionMetadata> runs = Histories.list(env.client(), "");
    List<String> leaks = new ArrayList<>();
    boolean sawKeyReference = false;
    for (WorkflowExecutionMetadata run : runs) {
      String where =
          run.getExecution().getWorkflowId() + " (run " + run.getExecution().getRunId() + ")";
      String text = Histories.searchableText(Histories.fetch(env.client(), run));
      secrets.forEach((value, what) -> {
        if (text.contains(value)) {
          leaks.add(where + ": " + what);
        }
      });
      SHAPES.forEach((what, p) -> {
        Matcher m = p.matcher(text);
        if (m.find()) {
          leaks.add(where + ": " + what + " ('" + m.group() + "')");
        }
      });
      sawKeyReference |= text.contains("id_ecdsa");
    }

    assertThat(runs).as("histories produced by the suite").isNotEmpty();
    assertThat(sawKeyReference)
        .as("payloads were decoded: the inventory's key *path* (a reference) is in them")
        .isTrue();
    assertThat(leaks).as("secrets found in %d histories", runs.size()).isEmpty();
  }

  /** value → what it is: each base64 line of each private key, each client key/cert of each kubeconfig. */
  static Map<String, String> secretValues(List<Path> files) throws IOException {
    Map<String, String> out = new LinkedHashMap<>();
    Pattern kubeconfigValue =
        Pattern.compile("(client-key-data|client-certificate-data|token|password):\\s*(\\S+)");
    for (Path f : files) {
      String content = Files.readString(f);
      if (content.contains("PRIVATE KEY")) {
        content
            .lines()
            .filter(l -> !l.startsWith("-----") && l.length() >= 16)
            .forEach(l -> out.put(l, "a line of the private key " + f));
      }
      Matcher m = kubeconfigValue.matcher(content);
      while (m.find()) {
        out.put(m.group(2), m.group(1) + " of " + f);
        if (m.group(1).startsWith("client-")) {
          // the same key or certificate as PEM lines, should something decode it before putting it
          // in a payload
          String pem = new String(Base64.getDecoder().decode(m.group(2)), StandardCharsets.UTF_8);
          String what = m.group(1) + " (PEM line) of " + f;
          pem.lines()
              .filter(l -> !l.startsWith("-----") && l.length() >= 16)
              .forEach(l -> out.put(l, what));
        }
      }
    }
    if (out.isEmpty()) {
      throw new IllegalStateException(
          "no secret values found in " + files + ": the scan would prove nothing");
    }
    return out;
  }
}
