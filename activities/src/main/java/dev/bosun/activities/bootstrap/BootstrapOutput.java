package dev.bosun.activities.bootstrap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parsers of what the bootstrap commands print (shared/reference/tool-output-formats.md §1), and the secret scrubber. Pure. */
public final class BootstrapOutput {

  private static final ObjectMapper JSON = new ObjectMapper();
  static final Pattern TOKEN = Pattern.compile("\\b[a-z0-9]{6}\\.[a-z0-9]{16}\\b");
  /** A certificate key: 64 hex digits not preceded by "sha256:" (the CA pin is public). */
  static final Pattern CERTIFICATE_KEY =
      Pattern.compile("(?<![0-9a-f:])(?<!sha256:)[0-9a-f]{64}(?![0-9a-f])");

  private static final Pattern JOIN = Pattern.compile("kubeadm join (\\S+) --token ("
      + TOKEN.pattern() + ") .*?--discovery-token-ca-cert-hash (sha256:[0-9a-f]{64})");
  public static final String REDACTED = "<redacted>";

  private BootstrapOutput() {}

  /** Every bootstrap token and certificate key in {@code text} replaced: for any text that may reach a log or a failure. */
  public static String scrub(String text) {
    if (text == null) {
      return null;
    }
    return CERTIFICATE_KEY.matcher(TOKEN.matcher(text).replaceAll(REDACTED)).replaceAll(REDACTED);
  }

  /**
   * The join command of {@code kubeadm token create --print-join-command} (one line) or of init's output (with
   * {@code \} continuations, stripped first).
   */
  public static JoinTarget joinCommand(String stdout) {
    String flat = stdout.replace("\\\n", " ").replace("\t", " ");
    Matcher m = JOIN.matcher(flat);
    if (!m.find()) {
      throw new IllegalArgumentException(
          "no `kubeadm join ENDPOINT --token … --discovery-token-ca-cert-hash sha256:…` in the output");
    }
    return new JoinTarget(m.group(1), m.group(2), m.group(3));
  }

  /** The key on the line after {@code [upload-certs] Using certificate key:}. */
  public static String certificateKey(String stdout) {
    List<String> lines = stdout.lines().map(String::trim).toList();
    for (int i = 0; i + 1 < lines.size(); i++) {
      if (lines.get(i).endsWith("Using certificate key:")
          && lines.get(i + 1).matches("[0-9a-f]{64}")) {
        return lines.get(i + 1);
      }
    }
    throw new IllegalArgumentException(
        "no certificate key after `[upload-certs] Using certificate key:`");
  }

  /** amd64/arm64 from {@code dpkg --print-architecture} or {@code uname -m} (x86_64, aarch64). */
  public static String architecture(String output) {
    return dev.bosun.workflows.rules.Architecture.debian(output);
  }

  private static final Pattern IMAGE = Pattern.compile("^\\s*image:\\s*[\"']?(\\S+?)[\"']?\\s*$");
  private static final Pattern ETCD_TAG =
      Pattern.compile("(?:^|/)etcd:v?(\\d+\\.\\d+\\.\\d+)(?:-\\d+)?$");
  private static final Pattern CLIENT_VERSION =
      Pattern.compile("^etcd(?:ctl|utl) version:\\s*(\\d+\\.\\d+\\.\\d+)\\s*$", Pattern.MULTILINE);
  private static final Pattern SHA256 = Pattern.compile("^([0-9a-f]{64})\\s");

  /**
   * The etcd version a control plane runs, from its static pod manifest's image ({@code registry.k8s.io/etcd:3.5.15-0}:
   * kubeadm's tag is the etcd version and an image revision).
   */
  public static String etcdImageVersion(String manifest) {
    List<String> images = new ArrayList<>();
    for (String line : manifest.split("\n")) {
      Matcher m = IMAGE.matcher(line);
      if (m.matches()) {
        images.add(m.group(1));
        Matcher tag = ETCD_TAG.matcher(m.group(1));
        if (tag.find()) {
          return tag.group(1);
        }
      }
    }
    throw new IllegalArgumentException("etcd.yaml names no etcd image with a MAJOR.MINOR.PATCH tag"
        + (images.isEmpty()
            ? " (no image: line)"
            : " (images: " + String.join(", ", images) + ")"));
  }

  /** The version {@code etcdctl version} / {@code etcdutl version} prints on its first line, or null. */
  public static String etcdClientVersion(String stdout) {
    Matcher m = CLIENT_VERSION.matcher(stdout);
    return m.find() ? m.group(1) : null;
  }

  /** The digest in {@code sha256sum FILE}'s "HEX  FILE". */
  public static String sha256(String stdout) {
    Matcher m = SHA256.matcher(stdout);
    if (!m.find()) {
      throw new IllegalArgumentException("sha256sum printed no digest: '" + stdout.strip() + "'");
    }
    return m.group(1);
  }

  /** {@code asset}'s digest in a release's SHA256SUMS ("HEX  name" lines; "HEX *name" in binary mode). */
  public static String publishedSha256(String sums, String asset) {
    for (String line : sums.split("\n")) {
      String[] f = line.trim().split("\\s+");
      if (f.length == 2
          && f[1].replaceFirst("^\\*", "").equals(asset)
          && f[0].matches("[0-9a-f]{64}")) {
        return f[0];
      }
    }
    throw new IllegalArgumentException("SHA256SUMS lists no digest for " + asset);
  }

  /** kubeadm's {@code [ERROR Name]: …} lines (preflight), trimmed, secrets scrubbed. */
  public static List<String> kubeadmErrors(String stderr) {
    List<String> out = new ArrayList<>();
    for (String line : stderr.split("\n")) {
      String l = line.trim();
      if (l.startsWith("[ERROR") || l.startsWith("error execution phase")) {
        out.add(scrub(l));
      }
    }
    return out;
  }

  /** Module names from {@code lsmod} (header skipped). */
  public static Set<String> modules(String lsmod) {
    Set<String> out = new LinkedHashSet<>();
    lsmod.lines().skip(1).map(l -> l.split("\\s+")[0]).filter(s -> !s.isEmpty()).forEach(out::add);
    return out;
  }

  /** Whether /proc/swaps lists an active swap area (beyond its header line). */
  public static boolean swapActive(String procSwaps) {
    return procSwaps.lines().skip(1).anyMatch(l -> !l.isBlank());
  }

  /** Whether /etc/fstab has an uncommented swap entry (its third field is "swap"). */
  public static boolean fstabHasSwap(String fstab) {
    return fstab
        .lines()
        .map(String::trim)
        .filter(l -> !l.startsWith("#") && !l.isEmpty())
        .anyMatch(l -> {
          String[] f = l.split("\\s+");
          return f.length >= 3 && f[2].equals("swap");
        });
  }

  /** A Node's labels and taints ({@code kubectl get node -o json}). */
  public record NodeMarks(Map<String, String> labels, List<BootstrapCommands.TaintSpec> taints) {}

  public static NodeMarks nodeMarks(String json) {
    try {
      JsonNode n = JSON.readTree(json);
      Map<String, String> labels = new LinkedHashMap<>();
      n.path("metadata")
          .path("labels")
          .fields()
          .forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
      List<BootstrapCommands.TaintSpec> taints = new ArrayList<>();
      for (JsonNode t : n.path("spec").path("taints")) {
        taints.add(new BootstrapCommands.TaintSpec(
            t.path("key").asText(), t.path("value").asText(""), t.path("effect").asText()));
      }
      return new NodeMarks(labels, taints);
    } catch (java.io.IOException e) {
      throw new IllegalArgumentException("not a Node as JSON: " + e.getMessage());
    }
  }
}
