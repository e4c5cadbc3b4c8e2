package dev.bosun.activities.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bosun.workflows.activities.OffHostCopy.CopiedFile;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The parsers on output captured from rclone 1.60.1 and restic 0.14.0 (Debian) on this machine. */
class OffHostOutputTest {

  // rclone copy src dst --use-json-log -v --stats 0 (stderr)
  private static final String COPY_LOG = """
      {"level":"info","msg":"Copied (new)","object":"b1.tar.gz","objectType":"*local.Object","source":"operations/operations.go:566","time":"2026-12-07T03:13:24.812613+00:00"}
      {"level":"info","msg":"Copied (new)","object":"velero-backup.json","objectType":"*local.Object","source":"operations/operations.go:566","time":"2026-12-07T03:13:24.812827+00:00"}
      """;

  // rclone check --use-json-log, a copy whose tarball got one byte longer: exit 1
  private static final String CHECK_LOG_CORRUPT = """
      {"level":"error","msg":"sizes differ","object":"b1.tar.gz","objectType":"*local.Object","source":"operations/check.go:129","time":"2026-12-07T03:13:25.194967+00:00"}
      {"level":"warning","msg":"1 differences found","object":"Local file system at /tmp/rc/dst/b1/velero","objectType":"*local.Fs","source":"operations/check.go:249","time":"2026-12-07T03:13:25.195498+00:00"}
      {"level":"warning","msg":"1 errors while checking","object":"Local file system at /tmp/rc/dst/b1/velero","objectType":"*local.Fs","source":"operations/check.go:251","time":"2026-12-07T03:13:25.195542+00:00"}
      {"level":"warning","msg":"1 matching files","object":"Local file system at /tmp/rc/dst/b1/velero","objectType":"*local.Fs","source":"operations/check.go:257","time":"2026-12-07T03:13:25.195569+00:00"}
      2026/12/07 03:13:25 Failed to check: 1 differences found
      """;

  private static final String CHECK_LOG_CLEAN = """
      {"level":"warning","msg":"0 differences found","object":"Local file system at /tmp/rc/dst/b1/velero","objectType":"*local.Fs","source":"operations/check.go:249","time":"2026-12-07T03:13:25.032268+00:00"}
      {"level":"warning","msg":"2 matching files","object":"Local file system at /tmp/rc/dst/b1/velero","objectType":"*local.Fs","source":"operations/check.go:257","time":"2026-12-07T03:13:25.03241+00:00"}
      """;

  // rclone lsjson --hash --hash-type MD5 -R dst/b1
  private static final String LSJSON = """
      [
      {"Path":"velero","Name":"velero","Size":-1,"MimeType":"inode/directory","ModTime":"2026-12-07T03:13:24.812234669Z","IsDir":true},
      {"Path":"velero/b1.tar.gz","Name":"b1.tar.gz","Size":3002,"MimeType":"application/gzip","ModTime":"2026-12-07T03:13:25.049437835Z","IsDir":false,"Hashes":{"md5":"8b3dcb3323059da47315caa089679770"}},
      {"Path":"velero/velero-backup.json","Name":"velero-backup.json","Size":6,"MimeType":"application/json","ModTime":"2026-12-07T03:13:24.525437810Z","IsDir":false,"Hashes":{"md5":"b1946ac92492d2347c6235b4d2611184"}}
      ]
      """;

  // restic backup --json (stdout)
  private static final String RESTIC_BACKUP = """
      {"message_type":"status","percent_done":0,"total_files":1,"total_bytes":3000}
      {"message_type":"summary","files_new":2,"files_changed":0,"files_unmodified":0,"dirs_new":3,"dirs_changed":0,"dirs_unmodified":0,"data_blobs":2,"tree_blobs":4,"data_added":4769,"total_files_processed":2,"total_bytes_processed":3006,"total_duration":0.22889862,"snapshot_id":"05e0283c"}
      """;

  // restic snapshots --json --tag bosun, after restic tag --add bosun-verified
  private static final String RESTIC_SNAPSHOTS = """
      [{"time":"2026-12-07T03:14:07.554091414Z","tree":"75125a229b793312e3a5ac3e22179ddebef91b68a9b6907658690c42cc8fab93","paths":["/tmp/rc/src/backups/b1"],"hostname":"bosun","username":"root","tags":["bosun","b1","bosun-verified"],"original":"05e0283c6a2594a0cd08c3c46b5d8e7926448290aaa7f7d7850cae1920980ecf","id":"678b90f50b5bb2e41341dac0895781feafc9892115732675493e839dff66da6f","short_id":"678b90f5"}]
      """;

  // restic ls --json latest
  private static final String RESTIC_LS = """
      {"time":"2026-12-07T03:14:07.554091414Z","tree":"75125a22","paths":["/tmp/rc/src/backups/b1"],"hostname":"bosun","username":"root","tags":["bosun","b1","bosun-verified"],"id":"678b90f5","short_id":"678b90f5","struct_type":"snapshot"}
      {"name":"b1","type":"dir","path":"/tmp/rc/src/backups/b1","uid":0,"gid":0,"mode":2147484141,"permissions":"drwxr-xr-x","mtime":"2026-12-07T03:13:24.52543781Z","atime":"2026-12-07T03:13:24.52543781Z","ctime":"2026-12-07T03:13:24.52543781Z","struct_type":"node"}
      {"name":"b1.tar.gz","type":"file","path":"/tmp/rc/src/backups/b1/b1.tar.gz","uid":0,"gid":0,"size":3000,"mode":420,"permissions":"-rw-r--r--","mtime":"2026-12-07T03:13:24.529437811Z","atime":"2026-12-07T03:13:24.529437811Z","ctime":"2026-12-07T03:13:24.529437811Z","struct_type":"node"}
      """;

  @Test
  void testRcloneCopyLog() {
    List<OffHostOutput.LogLine> log = OffHostOutput.rcloneLog(COPY_LOG);

    assertThat(log)
        .extracting(OffHostOutput.LogLine::object)
        .containsExactly("b1.tar.gz", "velero-backup.json");
    assertThat(OffHostOutput.copied(log)).isEqualTo(2);
    assertThat(OffHostOutput.errors(log)).isEmpty();
    assertThat(OffHostOutput.errors(OffHostOutput.rcloneLog(CHECK_LOG_CORRUPT)))
        .containsExactly("b1.tar.gz: sizes differ");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "clean              | = b1.tar.gz\\n= velero-backup.json | clean   | 2 | ''",
        "corrupt            | * b1.tar.gz\\n= velero-backup.json | corrupt | 1 | b1.tar.gz: sizes differ",
        "missing in copy    | + b1.tar.gz\\n= velero-backup.json | clean   | 1 | b1.tar.gz: missing from the copy",
        "extra in copy      | - x.gz\\n= velero-backup.json     | clean   | 1 | x.gz: only in the copy",
        "unreadable         | ! b1.tar.gz                        | clean   | 0 | b1.tar.gz: could not be read",
      })
  void testRcloneCheck(String name, String combined, String log, int matching, String difference) {
    OffHostOutput.CheckResult r = OffHostOutput.rcloneCheck(
        combined.replace("\\n", "\n") + "\n",
        log.equals("clean") ? CHECK_LOG_CLEAN : CHECK_LOG_CORRUPT);

    assertThat(r.matching()).isEqualTo(matching);
    assertThat(r.clean()).isEqualTo(difference.isEmpty());
    if (!difference.isEmpty()) {
      assertThat(r.differences()).containsExactly(difference);
    }
  }

  @Test
  void testRcloneCheckNotesUncheckableHashes() {
    String log =
        "{\"level\":\"notice\",\"msg\":\"1 hashes could not be checked\",\"object\":\"S3 bucket velero\"}\n"
            + "{\"level\":\"notice\",\"msg\":\"0 hashes could not be checked\"}\n";

    assertThat(OffHostOutput.rcloneCheck("= a\n", log).notes())
        .containsExactly("1 hashes could not be checked");
  }

  @Test
  void testRcloneLsjson() {
    assertThat(OffHostOutput.rcloneFiles(LSJSON, ""))
        .containsExactly(
            new CopiedFile("velero/b1.tar.gz", 3002, "md5:8b3dcb3323059da47315caa089679770"),
            new CopiedFile("velero/velero-backup.json", 6, "md5:b1946ac92492d2347c6235b4d2611184"));
    assertThat(OffHostOutput.rclonePaths(LSJSON)).first().isEqualTo("velero");
    assertThatThrownBy(
            () -> OffHostOutput.rcloneFiles("2026/12/07 ERROR : directory not found", ""))
        .hasMessageContaining("expected a JSON array");
  }

  @Test
  void testResticBackupSummary() {
    assertThat(OffHostOutput.resticSummary(RESTIC_BACKUP))
        .isEqualTo(new OffHostOutput.ResticSummary("05e0283c", 2, 2, 3006, 4769));
    assertThat(OffHostOutput.resticSummary("{\"message_type\":\"status\",\"percent_done\":0}\n"))
        .isNull();
  }

  @Test
  void testResticSnapshotsAndLs() {
    assertThat(OffHostOutput.resticSnapshots(RESTIC_SNAPSHOTS))
        .containsExactly(new OffHostOutput.ResticSnapshot(
            "678b90f50b5bb2e41341dac0895781feafc9892115732675493e839dff66da6f",
            "2026-12-07T03:14:07.554091414Z",
            List.of("bosun", "b1", "bosun-verified")));
    assertThat(OffHostOutput.resticFiles(RESTIC_LS, "/tmp/rc/src/backups/b1"))
        .containsExactly(new CopiedFile("b1.tar.gz", 3000, null));
  }

  @Test
  void testResticErrors() {
    String stderr = """
        Fatal: unable to open config file: stat repo/config: no such file or directory
        {"message_type":"error","error":{"message":"open /x: permission denied"},"during":"scan","item":"/x"}
        {"message_type":"exit_error","code":1,"message":"Fatal: wrong password or no key found"}
        """;

    assertThat(OffHostOutput.resticErrors(stderr))
        .containsExactly(
            "Fatal: unable to open config file: stat repo/config: no such file or directory",
            "/x: open /x: permission denied",
            "Fatal: wrong password or no key found");
  }
}
