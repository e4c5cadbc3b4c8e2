package dev.bosun.cli.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bosun.workflows.rules.SentinelPayload;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * The demo's {@code --inject stale-sentinel}: an off-host copy whose data is older than its name says, as when an older
 * backup's objects were copied and verified under the latest one's name. In the copy's Velero tarball the sentinel
 * ConfigMap becomes one written {@link #AGE} before the backup (its payload consistent with its UUID and time, so only
 * its age gives it away), and the copy's {@code bosun-verified.json} records the tarball as it now is: the copy
 * verifies, the restore completes, and only the drill's sentinel check can tell.
 */
final class StaleSentinel {

  static final Duration AGE = Duration.ofHours(1);

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int BLOCK = 512;

  private StaleSentinel() {}

  /** {@code copy}: the copy's folder ({@code <destination>/<backup>}) as a real directory. Returns the new time. */
  static Instant rewrite(Path copy, String backup) throws IOException {
    Path tarball = copy.resolve("velero").resolve(backup + ".tar.gz");
    byte[] tar = gunzip(Files.readAllBytes(tarball));
    Instant[] written = new Instant[1];
    byte[] changed = rewriteEntries(tar, written);
    if (written[0] == null) {
      throw new IllegalStateException(tarball + " holds no sentinel ConfigMap");
    }
    byte[] gz = gzip(changed);
    Files.write(tarball, gz);
    Path marker = copy.resolve("bosun-verified.json");
    ObjectNode verified = (ObjectNode) JSON.readTree(marker.toFile());
    for (var f : (ArrayNode) verified.get("files")) {
      if (f.path("path").asText().equals("velero/" + backup + ".tar.gz")) {
        ((ObjectNode) f).put("size", gz.length);
        ((ObjectNode) f).put("checksum", "md5:" + md5(gz));
      }
    }
    Files.writeString(marker, JSON.writeValueAsString(verified));
    return written[0];
  }

  /** ustar entries in order; the sentinel's (both its copies) with new data, their headers' size and checksum. */
  private static byte[] rewriteEntries(byte[] tar, Instant[] written) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int at = 0;
    while (at + BLOCK <= tar.length && tar[at] != 0) {
      byte[] header = java.util.Arrays.copyOfRange(tar, at, at + BLOCK);
      String name = field(header, 0, 100);
      int size = Integer.parseInt(field(header, 124, 12).trim(), 8);
      byte[] data = java.util.Arrays.copyOfRange(tar, at + BLOCK, at + BLOCK + size);
      at += BLOCK + (size + BLOCK - 1) / BLOCK * BLOCK;
      if (name.endsWith("/namespaces/bosun-sentinel/sentinel.json")) {
        data = staler(data, written);
        byte[] sizeField = String.format("%011o", data.length).getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(sizeField, 0, header, 124, 11);
        header[135] = 0;
        java.util.Arrays.fill(header, 148, 156, (byte) ' ');
        int sum = 0;
        for (byte b : header) {
          sum += b & 0xff;
        }
        byte[] sumField = String.format("%06o", sum).getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(sumField, 0, header, 148, 6);
        header[154] = 0;
        header[155] = ' ';
      }
      out.write(header);
      out.write(data);
      out.write(new byte[(BLOCK - data.length % BLOCK) % BLOCK]);
    }
    out.write(new byte[2 * BLOCK]);
    return out.toByteArray();
  }

  private static byte[] staler(byte[] json, Instant[] written) throws IOException {
    ObjectNode cm = (ObjectNode) JSON.readTree(json);
    ObjectNode data = (ObjectNode) cm.get("data");
    String uuid = data.path("uuid").asText();
    Instant older = Instant.parse(data.path("writtenAt").asText()).minus(AGE);
    String payload = SentinelPayload.payload(uuid, older.toEpochMilli());
    data.put("writtenAt", older.toString());
    data.put("payload", payload);
    data.put("sha256", SentinelPayload.sha256(payload));
    written[0] = older;
    return JSON.writeValueAsBytes(cm);
  }

  private static String field(byte[] b, int offset, int length) {
    int end = offset;
    while (end < offset + length && b[end] != 0) {
      end++;
    }
    return new String(b, offset, end - offset, StandardCharsets.US_ASCII);
  }

  private static byte[] gunzip(byte[] gz) throws IOException {
    try (InputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(gz))) {
      return in.readAllBytes();
    }
  }

  private static byte[] gzip(byte[] raw) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    try (GZIPOutputStream z = new GZIPOutputStream(b)) {
      z.write(raw);
    }
    return b.toByteArray();
  }

  private static String md5(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("no MD5 in this JVM", e);
    }
  }
}
