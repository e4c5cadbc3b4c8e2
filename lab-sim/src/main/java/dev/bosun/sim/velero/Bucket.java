package dev.bosun.sim.velero;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.bosun.sim.kube.KubeJson;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

/** One bucket as a directory, with Velero's object names: {@code backups/<b>/…} and {@code restores/<r>/…}. */
record Bucket(Path dir, String name) {

  static String backupPrefix(String backup) {
    return "backups/" + backup + "/";
  }

  static String restorePrefix(String restore) {
    return "restores/" + restore + "/";
  }

  void put(String key, byte[] bytes) {
    try {
      Path f = dir.resolve(key);
      Files.createDirectories(f.getParent());
      Files.write(f, bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Velero's gzipped JSON objects ({@code -resource-list.json.gz}, {@code -results.gz}, …). */
  void putGzipJson(String key, Object value) {
    try {
      putGzip(key, KubeJson.MAPPER.writeValueAsString(value) + "\n");
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  void putGzip(String key, String text) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
      gz.write(text.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    put(key, bytes.toByteArray());
  }

  /** The object's bytes, or null when there is no such key (S3's NoSuchKey). */
  byte[] get(String key) {
    try {
      return Files.readAllBytes(dir.resolve(key));
    } catch (NoSuchFileException e) {
      return null;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The backup names under {@code backups/} that have their {@code velero-backup.json}. */
  List<String> backups() {
    Path backups = dir.resolve("backups");
    if (!Files.isDirectory(backups)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(backups)) {
      return s.filter(p -> Files.isRegularFile(p.resolve("velero-backup.json")))
          .map(p -> p.getFileName().toString())
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
