package dev.bosun.sim.programs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bosun.sim.LabSim;
import dev.bosun.sim.LabSpec;
import dev.bosun.sim.shell.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What only lab-sim's rclone has (the real one cannot be asked the same): the path mapping of a host, the lab's S3
 * endpoint, remotes it does not serve, and the corruptCopy fault from YAML. RcloneContractTest holds the rest to
 * the real rclone.
 */
class RcloneProgramTest {

  @TempDir
  Path dir;

  private LabSim lab;

  @BeforeEach
  void start() throws Exception {
    Path faults = Files.writeString(
        dir.resolve("faults.yaml"), "faults:\n  - { host: w-1, corruptCopy: /srv/nas }\n");
    lab = LabSim.start(
        LabSpec.of("lab1", 1, 1, "v1.30.6", dir.resolve("lab")).withFaultsYaml(faults.toString()));
    Path conf = lab.hostPath("w-1", "/home/bosun/.config/rclone/rclone.conf");
    Files.createDirectories(conf.getParent());
    Files.writeString(
        conf,
        "[s3lab]\ntype = s3\nendpoint = http://s3.lab-sim.invalid\n\n"
            + "[aws]\ntype = s3\nendpoint = https://s3.amazonaws.com\n\n"
            + "[box]\ntype = sftp\nhost = nas\n\n[nas]\ntype = alias\nremote = /srv/nas\n");
  }

  @AfterEach
  void stop() {
    lab.close();
  }

  @Test
  void testAHostPathIsAFolderOfTheHostUnderTheWorkDirAndNeverLeavesIt() throws Exception {
    Result r = lab.run("w-1", "rclone rcat ../../../../etc/escape.txt", "x\n");

    assertThat(r.exitCode()).isZero();
    assertThat(lab.hostPath("w-1", "/etc/escape.txt")).hasContent("x");
    assertThat(dir.resolve("lab/hosts/w-1/etc/escape.txt")).exists();
    assertThat(lab.hostPath("cp-1", "/etc/escape.txt")).doesNotExist();
  }

  @Test
  void testTheLabsBucketsAreTheS3RemoteAtTheLabsEndpoint() throws Exception {
    Path object = lab.s3Dir().resolve("velero/backups/b1/velero-backup.json");
    Files.createDirectories(object.getParent());
    Files.writeString(object, "{}\n");

    Result ls = lab.run("w-1", "rclone lsjson -R --files-only s3lab:velero");
    Result empty = lab.run("w-1", "rclone lsjson s3lab:velero/backups/none");
    Result noBucket = lab.run("w-1", "rclone lsjson s3lab:none/backups");

    assertThat(ls.stdout()).contains("\"Path\":\"backups/b1/velero-backup.json\"");
    assertThat(empty).isEqualTo(new Result(0, "[\n]\n", "")); // S3 has prefixes, not folders
    assertThat(noBucket.exitCode()).isEqualTo(3);
    assertThat(lab.run("w-1", "rclone cat s3lab:velero/backups/b1/velero-backup.json")
            .stdout())
        .isEqualTo("{}\n");
  }

  @Test
  void testCatOfAGzippedObjectKeepsEveryByteForSsh() throws Exception {
    // Velero's resource lists are gzipped: read over SSH (the drill on runOn), they must arrive
    // unchanged
    java.io.ByteArrayOutputStream gz = new java.io.ByteArrayOutputStream();
    try (var z = new java.util.zip.GZIPOutputStream(gz)) {
      z.write("{\"v1/Namespace\":[\"shop\"]}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
    Path object = lab.s3Dir().resolve("velero/backups/b1/b1-resource-list.json.gz");
    Files.createDirectories(object.getParent());
    Files.write(object, gz.toByteArray());

    Result r = lab.run("w-1", "rclone cat s3lab:velero/backups/b1/b1-resource-list.json.gz");
    Result text = lab.run("w-1", "rclone lsjson s3lab:velero/backups/none");

    assertThat(r.binary()).isTrue();
    assertThat(r.stdout().getBytes(java.nio.charset.StandardCharsets.ISO_8859_1))
        .isEqualTo(gz.toByteArray());
    assertThat(text.binary()).isFalse();
  }

  @Test
  void testRemotesTheLabDoesNotServeFailAsAnUnknownRemoteWithTheReason() throws Exception {
    Result aws = lab.run("w-1", "rclone lsjson aws:bucket");
    Result sftp = lab.run("w-1", "rclone lsjson box:x");
    Result none = lab.run("w-1", "rclone --config /home/bosun/none.conf lsjson nas:");

    assertThat(aws.exitCode()).isEqualTo(1);
    assertThat(aws.stderr())
        .contains(
            "Failed to create file system for \"aws:bucket\": didn't find section in config file")
        .contains("lab-sim serves only http://s3.lab-sim.invalid");
    assertThat(sftp.stderr()).contains("has type \"sftp\"");
    assertThat(none.exitCode()).isEqualTo(1);
    assertThat(none.stderr())
        .contains("NOTICE: Config file \"/home/bosun/none.conf\" not found - using defaults");
  }

  @Test
  void testTheCorruptCopyFaultFromYamlRotsTheNextVerifiedCopyOnce() throws Exception {
    Path tarball = lab.hostPath("w-1", "/srv/nas/b1/velero/b1.tar.gz");
    Files.createDirectories(tarball.getParent());
    byte[] bytes = new byte[101];
    Files.write(tarball, bytes);
    Files.writeString(tarball.resolveSibling("velero-backup.json"), "{}\n");

    lab.run("w-1", "rclone rcat nas:b1/bosun-verified.json", "{}\n");
    byte[] after = Files.readAllBytes(tarball);
    lab.run("w-1", "rclone rcat nas:b1/bosun-verified.json", "{}\n");

    assertThat(after).hasSize(101);
    assertThat(after[50]).isEqualTo((byte) 0xFF);
    assertThat(Files.readAllBytes(tarball)).isEqualTo(after); // once
    assertThat(lab.state().corruptedCopies()).containsExactly(tarball);

    lab.faults().corruptCopy("w-1", "/srv/other"); // nothing verified there yet: armed
    lab.faults().clear();
    Files.createDirectories(lab.hostPath("w-1", "/srv/other/b2/velero"));
    Files.write(lab.hostPath("w-1", "/srv/other/b2/velero/b2.tar.gz"), bytes);
    lab.run("w-1", "rclone rcat /srv/other/b2/bosun-verified.json", "{}\n");
    assertThat(lab.hostPath("w-1", "/srv/other/b2/velero/b2.tar.gz")).hasBinaryContent(bytes);
  }
}
