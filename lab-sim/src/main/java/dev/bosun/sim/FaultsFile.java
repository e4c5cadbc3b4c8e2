package dev.bosun.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Pattern;

/**
 * A fault spec file (docs/lab-sim.md): {@code faults: [ {host, command, failRun, exitCode, stderr} | {hang, ...} |
 * ... ]}, each entry applied to {@link Faults} through its programmatic call; a bad entry is refused naming its
 * index and field.
 */
final class FaultsFile {

  private FaultsFile() {}

  static void load(Faults faults, Path yaml) throws IOException {
    JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(Files.readString(yaml));
    JsonNode list = root == null ? null : root.get("faults");
    if (list == null || !list.isArray()) {
      throw new IllegalArgumentException(yaml + ": faults must be a list");
    }
    int i = 0;
    for (JsonNode f : list) {
      String where = yaml + ": faults[" + i++ + "]";
      String host = text(f, "host");
      String command = text(f, "command");
      if (f.has("latency")) {
        faults.latency(parseDuration(where + ".latency", text(f, "latency")));
      } else if (f.has("failRun")) {
        faults.failRun(
            host,
            command,
            f.get("failRun").asInt(),
            f.path("exitCode").asInt(1),
            text(f, "stderr"));
      } else if (f.has("hang")) {
        String d = text(f, "hang");
        faults.hang(host, command, d.equals("forever") ? null : parseDuration(where + ".hang", d));
      } else if (f.has("drop")) {
        faults.dropConnection(host, command, f.get("drop").asInt());
      } else if (f.has("veleroBackup")) {
        faults.veleroBackup(text(f, "veleroBackup"));
      } else if (f.has("etcdMemberDown")) {
        faults.etcdMemberDown(text(f, "etcdMemberDown"));
      } else if (f.path("noEtcdClient").asBoolean()) {
        faults.withoutEtcdClient(require(where + ".host", host));
      } else if (f.has("dropMidOutput")) {
        faults.dropConnectionMidOutput(host, command, f.get("dropMidOutput").asInt());
      } else if (f.path("refuseSsh").asBoolean()) {
        faults.refuseSsh(require(where + ".host", host));
      } else if (f.path("changeHostKey").asBoolean()) {
        faults.changeHostKey(require(where + ".host", host));
      } else if (f.path("joinFails").asBoolean()) {
        faults.failJoin(require(where + ".host", host));
      } else if (f.path("loseKubeletSettings").asBoolean()) {
        faults.loseKubeletSettings(require(where + ".host", host));
      } else if (f.has("certificatesExpireIn")) {
        faults.certificatesExpireIn(
            require(where + ".host", host),
            parseDuration(where + ".certificatesExpireIn", text(f, "certificatesExpireIn")));
      } else if (f.has("corruptCopy")) {
        faults.corruptCopy(require(where + ".host", host), text(f, "corruptCopy"));
      } else if (f.path("corruptEtcdRelease").asBoolean()) {
        faults.corruptEtcdRelease();
      } else if (f.path("expireCertificateKey").asBoolean()) {
        faults.expireCertificateKey();
      } else if (f.path("neverReady").asBoolean()) {
        faults.neverReadyAfterRestart(require(where + ".host", host));
      } else if (f.path("failVmCreation").asBoolean()) {
        faults.failVmCreation(require(where + ".host", host));
      } else if (f.path("noVmAddress").asBoolean()) {
        faults.noVmAddress(require(where + ".host", host));
      } else if (f.path("utmAutomationDenied").asBoolean()) {
        faults.utmAutomationDenied(require(where + ".host", host));
      } else if (f.has("blockPdb")) {
        String[] p = text(f, "blockPdb").split("/", 2);
        if (p.length != 2) {
          throw new IllegalArgumentException(
              where + ".blockPdb must be namespace/name, got '" + text(f, "blockPdb") + "'");
        }
        faults.blockPdb(p[0], p[1]);
      } else {
        throw new IllegalArgumentException(
            where
                + " must have one of latency, failRun, hang, drop, dropMidOutput, noEtcdClient, etcdMemberDown,"
                + " refuseSsh, changeHostKey, neverReady, blockPdb, failVmCreation, noVmAddress, utmAutomationDenied, joinFails,"
                + " expireCertificateKey, certificatesExpireIn, loseKubeletSettings, corruptCopy, corruptEtcdRelease, veleroBackup");
      }
    }
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }

  private static String require(String where, String value) {
    if (value == null) {
      throw new IllegalArgumentException(where + " is required");
    }
    return value;
  }

  /** 200ms, 5s, 2m, 1h. */
  static Duration parseDuration(String where, String text) {
    var m = Pattern.compile("(\\d+)(ms|s|m|h)").matcher(text == null ? "" : text.trim());
    if (!m.matches()) {
      throw new IllegalArgumentException(
          where + " must look like 200ms, 5s, 2m or 1h, got '" + text + "'");
    }
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "ms" -> Duration.ofMillis(n);
      case "s" -> Duration.ofSeconds(n);
      case "m" -> Duration.ofMinutes(n);
      default -> Duration.ofHours(n);
    };
  }
}
