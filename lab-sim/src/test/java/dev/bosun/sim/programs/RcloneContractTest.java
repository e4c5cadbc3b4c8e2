package dev.bosun.sim.programs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bosun.sim.LabSim;
import dev.bosun.sim.LabSpec;
import dev.bosun.sim.programs.rclone.CopyCorruption;
import dev.bosun.sim.shell.Result;
import dev.bosun.sim.testbed.TestBed;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * lab-sim's rclone held to the real rclone of this machine (Debian's 1.60, installed by .ci/run): every command
 * Bosun's off-host copy runs (OffHostCommands) and those a drill needs, on identical trees, one side in a real
 * folder, the other on a lab host. Same exit codes, same stdout (lsjson entries without their times, {@code
 * --combined} lines), same log lines (level, msg, object, objectType, source; not the time), after a copy, a
 * corruption (the lab's corruptCopy fault against the same byte flipped by hand), a missing and an extra file.
 */
class RcloneContractTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String ROOT = "/ROOT";
  /** Where the lab host's side lives (host path) and the name both sides' configs give the NAS. */
  private static final String HOST_ROOT = "/srv/t";

  private static final String B = "bosun-lab1-20261207000000";

  @TempDir
  Path dir;

  private LabSim lab;
  private Path realRoot;
  /** The real side's {@code s3lab} remote: an alias of a folder, or s3proxy when a test starts one. */
  private String realS3;

  @BeforeEach
  void start() throws Exception {
    Assumptions.assumeTrue(
        TestBed.toolUnavailableReason("rclone") == null,
        () -> TestBed.toolUnavailableReason("rclone"));
    lab = LabSim.start(LabSpec.of("lab1", 1, 1, "v1.30.6", dir.resolve("lab")));
    realRoot = Files.createDirectories(dir.resolve("real"));
    seed(realRoot);
    seed(lab.hostPath("w-1", HOST_ROOT));
  }

  @AfterEach
  void stop() {
    if (lab != null) {
      lab.close();
    }
  }

  @Test
  void testEveryOffHostCommandAnswersAsTheRealRclone() throws Exception {
    String src = ROOT + "/bucket/backups/" + B;
    same("copy", src, "nas:" + B + "/velero", "--use-json-log", "-v", "--stats", "0");
    same("copy", src, "nas:" + B + "/velero", "--use-json-log", "-v", "--stats", "0");
    same("check", src, "nas:" + B + "/velero", "--use-json-log", "--combined", "-");
    same("lsjson", "-R", "--files-only", "--hash", "--hash-type", "MD5", "nas:" + B);
    sameWithInput("{\"backup\":\"" + B + "\"}", "rcat", "nas:" + B + "/bosun-verified.json");
    same("lsjson", "--dirs-only", "nas:");
    same(
        "lsjson",
        "-R",
        "--max-depth",
        "2",
        "--files-only",
        "--include",
        "/*/bosun-verified.json",
        "nas:");
    same("cat", "nas:" + B + "/bosun-verified.json");
    same("cat", "nas:" + B + "/nothing.json");
    same(
        "copyto",
        "nas:" + B + "/bosun-verified.json",
        ROOT + "/restore/marker.json",
        "-v",
        "--use-json-log");
    intoTheLabsBucket(
        "copy", "nas:" + B + "/velero", "s3lab:scratch/backups/" + B, "-v", "--use-json-log");

    // bit rot after verification: the lab's fault on one side, the same byte by hand on the other
    lab.faults().corruptCopy("w-1", HOST_ROOT + "/nas");
    assertThat(lab.state().corruptedCopies())
        .singleElement()
        .satisfies(p -> assertThat(p).endsWith(Path.of("nas", B, "velero", B + ".tar.gz")));
    CopyCorruption.flipMiddleByte(realRoot.resolve("nas/" + B + "/velero/" + B + ".tar.gz"));
    same("check", src, "nas:" + B + "/velero", "--use-json-log", "--combined", "-");

    // one file short, one longer, one extra on the copy
    for (Path root : List.of(realRoot, lab.hostPath("w-1", HOST_ROOT))) {
      Files.delete(root.resolve("nas/" + B + "/velero/velero-backup.json"));
      Files.writeString(root.resolve("nas/" + B + "/velero/extra.txt"), "extra\n");
      Files.write(
          root.resolve("nas/" + B + "/velero/" + B + "-logs.gz"),
          new byte[] {7},
          java.nio.file.StandardOpenOption.APPEND);
    }
    same("check", src, "nas:" + B + "/velero", "--use-json-log", "--combined", "-");
    same("check", src, "nas:elsewhere", "--use-json-log", "--combined", "-");
    same("check", ROOT + "/none", "nas:" + B + "/velero", "--use-json-log", "--combined", "-");
    same("sync", src, "nas:" + B + "/velero", "--use-json-log", "-v", "--stats", "0");
    same("copy", ROOT + "/none", "nas:x", "--use-json-log", "-v", "--stats", "0");

    same("purge", "nas:" + B);
    same("purge", "nas:" + B);
    same("lsjson", "--dirs-only", "nas:" + B);
    same("lsjson", "unknown:x");
    same("--config", ROOT + "/none.conf", "lsjson", "nas:");
  }

  /**
   * The s3 backend: the real rclone against s3proxy (the test bed's S3 API, skipped with its reason when it cannot
   * start), lab-sim's against the lab's bucket folder; the same Velero objects on both.
   */
  @Test
  void testTheS3BackendAnswersAsTheRealRcloneAgainstS3Proxy() throws Exception {
    String noS3 = dev.bosun.sim.testbed.S3Proxy.unavailableReason();
    Assumptions.assumeTrue(noS3 == null, () -> "s3proxy: " + noS3);
    try (var s3 = dev.bosun.sim.testbed.S3Proxy.start(dir.resolve("s3proxy"), "velero")) {
      realS3 = "type = s3\nprovider = Other\nenv_auth = false\naccess_key_id = " + s3.accessKey()
          + "\nsecret_access_key = " + s3.secretKey() + "\nregion = us-east-1\nendpoint = "
          + s3.url() + "\n";
      String objects = "s3lab:velero/backups/" + B;
      assertThat(real(null, "copy", ROOT + "/bucket/backups/" + B, objects).exitCode())
          .isZero();
      Path lab = Files.createDirectories(this.lab.s3Dir().resolve("velero/backups"));
      try (Stream<Path> s =
          Files.list(this.lab.hostPath("w-1", HOST_ROOT + "/bucket/backups/" + B))) {
        Files.createDirectories(lab.resolve(B));
        for (Path p : s.toList()) {
          Files.copy(
              p,
              lab.resolve(B).resolve(p.getFileName()),
              java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
        }
      }

      same("copy", objects, "nas:" + B + "/velero", "--use-json-log", "-v", "--stats", "0");
      same("check", objects, "nas:" + B + "/velero", "--use-json-log", "--combined", "-");
      same("lsjson", "-R", "--files-only", "--hash", "--hash-type", "MD5", "s3lab:velero");
      same("lsjson", "--dirs-only", "s3lab:velero/backups");
      for (Path root : List.of(realRoot, this.lab.hostPath("w-1", HOST_ROOT))) {
        CopyCorruption.flipMiddleByte(root.resolve("nas/" + B + "/velero/" + B + ".tar.gz"));
      }
      same("check", objects, "nas:" + B + "/velero", "--use-json-log", "--combined", "-");
      same(
          "check",
          "s3lab:velero/backups/none",
          "nas:" + B + "/velero",
          "--use-json-log",
          "--combined",
          "-");
      same("lsjson", "s3lab:velero/backups/none");
      same("lsjson", "s3lab:nobucket/x");
      same("cat", objects + "/velero-backup.json");
      same("purge", objects);
      same("purge", objects);
    }
  }

  // ---- the two sides ----

  private void same(String... args) throws Exception {
    sameWithInput(null, args);
  }

  private void sameWithInput(String stdin, String... args) throws Exception {
    Result real = real(stdin, args);
    Result sim = sim(stdin, args);
    String what = "rclone " + String.join(" ", args);
    assertThat(sim.exitCode())
        .as(what + ": exit code; real stderr:\n" + real.stderr() + "\nlab stderr:\n" + sim.stderr())
        .isEqualTo(real.exitCode());
    assertThat(stdout(sim.stdout())).as(what + ": stdout").isEqualTo(stdout(real.stdout()));
    assertThat(log(sim.stderr())).as(what + ": log").isEqualTo(log(real.stderr()));
  }

  /**
   * Into an S3 bucket: the real side's bucket is a folder here (s3proxy in the test below), the lab's is
   * {@code <workDir>/s3}; the log names the source's objects. Same exit, same lines, same bytes.
   */
  private void intoTheLabsBucket(String... args) throws Exception {
    Result real = real(null, args);
    Result sim = sim(null, args);
    assertThat(sim.exitCode()).isEqualTo(real.exitCode());
    assertThat(log(sim.stderr())).isEqualTo(log(real.stderr()));
    Path realBucket = realRoot.resolve("s3/scratch/backups/" + B);
    Path labBucket = lab.s3Dir().resolve("scratch/backups/" + B);
    try (Stream<Path> s = Files.list(realBucket)) {
      List<Path> objects = s.toList();
      assertThat(objects).hasSize(3);
      for (Path p : objects) {
        assertThat(labBucket.resolve(p.getFileName().toString())).hasSameBinaryContentAs(p);
      }
    }
  }

  private Result real(String stdin, String... args) throws Exception {
    List<String> argv =
        new ArrayList<>(List.of("rclone", "--config", dir.resolve("real.conf").toString()));
    for (String a : args) {
      argv.add(a.replace(ROOT, realRoot.toString()));
    }
    Files.writeString(
        dir.resolve("real.conf"),
        config(
            realRoot.toString(),
            realS3 != null ? realS3 : "type = alias\nremote = " + realRoot.resolve("s3") + "\n"));
    ProcessBuilder pb = new ProcessBuilder(argv).directory(dir.toFile());
    pb.environment()
        .remove("AWS_CA_BUNDLE"); // rclone fails with LoadCustomCABundleError (velero-testbed.md)
    Path out = dir.resolve("out");
    Path err = dir.resolve("err");
    pb.redirectOutput(out.toFile()).redirectError(err.toFile());
    Process p = pb.start();
    if (stdin != null) {
      p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
    }
    p.getOutputStream().close();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("rclone finished").isTrue();
    return new Result(
        p.exitValue(),
        Files.readString(out).replace(realRoot.toString(), ROOT),
        Files.readString(err).replace(realRoot.toString(), ROOT));
  }

  private Result sim(String stdin, String... args) throws Exception {
    Files.createDirectories(lab.hostPath("w-1", "/home/bosun"));
    Files.writeString(
        lab.hostPath("w-1", "/home/bosun/rclone.conf"),
        config(HOST_ROOT, "type = s3\nprovider = Other\nendpoint = http://s3.lab-sim.invalid\n"));
    StringBuilder line = new StringBuilder("rclone --config /home/bosun/rclone.conf");
    for (String a : args) {
      line.append(" '").append(a.replace(ROOT, HOST_ROOT)).append('\'');
    }
    Result r = lab.run("w-1", line.toString(), stdin == null ? "" : stdin);
    return new Result(
        r.exitCode(), r.stdout().replace(HOST_ROOT, ROOT), r.stderr().replace(HOST_ROOT, ROOT));
  }

  private static String config(String root, String s3) {
    return "[nas]\ntype = alias\nremote = " + root + "/nas\n\n[s3lab]\n" + s3;
  }

  // ---- what is compared ----

  /** lsjson: the entries without ModTime (checked for Go's format); other stdout as its set of lines. */
  private static Object stdout(String out) throws IOException {
    String t = out.strip();
    if (t.startsWith("[") && t.endsWith("]")) {
      Set<String> entries = new TreeSet<>();
      for (JsonNode n : JSON.readTree(t)) {
        assertThat(n.path("ModTime").asText())
            .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d{1,9})?Z");
        ((com.fasterxml.jackson.databind.node.ObjectNode) n).remove("ModTime");
        entries.add(n.toString());
      }
      return entries;
    }
    return Stream.of(out.split("\n")).collect(Collectors.toCollection(TreeSet::new));
  }

  /** Log lines without their times: JSON ones as (level msg object objectType source [stats keys]), plain ones as text. */
  private static Set<String> log(String err) throws IOException {
    Set<String> lines = new TreeSet<>();
    for (String l : err.split("\n")) {
      if (l.startsWith("{")) {
        JsonNode n = JSON.readTree(l);
        assertThat(n.path("time").asText())
            .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d{1,6})?[+-]\\d\\d:\\d\\d");
        List<String> keys = new ArrayList<>();
        n.fieldNames().forEachRemaining(keys::add);
        String stats = n.has("stats") ? " stats" + fieldNames(n.get("stats")) : "";
        String msg = n.has("stats") ? "(stats)" : n.path("msg").asText();
        lines.add(keys + " " + n.path("level").asText() + " | " + msg + " | "
            + n.path("object").asText("-") + " | " + n.path("objectType").asText("-") + " | "
            + n.path("source").asText() + stats);
      } else if (!l.isBlank()) {
        lines.add(l.replaceFirst("^\\d{4}/\\d\\d/\\d\\d \\d\\d:\\d\\d:\\d\\d ", ""));
      }
    }
    return lines;
  }

  private static List<String> fieldNames(JsonNode n) {
    List<String> names = new ArrayList<>();
    n.fieldNames().forEachRemaining(names::add);
    return names;
  }

  // ---- the trees ----

  /** A Velero backup's objects in a bucket folder, with fixed times (so copies compare equal in time too). */
  private static void seed(Path root) throws IOException {
    Path objects = Files.createDirectories(root.resolve("bucket/backups/" + B));
    Random random = new Random(42);
    byte[] tarball = new byte[6000];
    random.nextBytes(tarball);
    byte[] logs = new byte[700];
    random.nextBytes(logs);
    Files.writeString(objects.resolve("velero-backup.json"), "{\"kind\":\"Backup\"}\n");
    Files.write(objects.resolve(B + ".tar.gz"), tarball);
    Files.write(objects.resolve(B + "-logs.gz"), logs);
    Files.createDirectories(root.resolve("nas"));
    Files.createDirectories(root.resolve("s3"));
    try (Stream<Path> s = Files.walk(objects)) {
      for (Path p : s.filter(Files::isRegularFile).toList()) {
        Files.setLastModifiedTime(p, FileTime.from(Instant.parse("2026-12-07T00:00:01.5Z")));
      }
    }
  }
}
