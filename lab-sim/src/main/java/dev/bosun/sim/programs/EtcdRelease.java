package dev.bosun.sim.programs;

import dev.bosun.sim.LabState;
import dev.bosun.sim.shell.Invocation;
import dev.bosun.sim.shell.Result;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * etcd's GitHub releases as a node sees them: {@code <base>/v3.5.15/etcd-v3.5.15-linux-amd64.tar.gz} and
 * {@code <base>/v3.5.15/SHA256SUMS} fetched with {@code curl -o}, the tarball unpacked with {@code tar -xzf},
 * and etcdctl/etcdutl from it installed into /usr/local/bin. Only the release of the etcd the lab runs exists;
 * the tarball's "bytes" are a marker text, and SHA256SUMS holds their real SHA-256, so a checksum check means
 * something. The {@code corruptEtcdRelease} fault serves a tarball that is not what SHA256SUMS says.
 */
final class EtcdRelease {

  static final String CLIENT_DIR = "/usr/local/bin/";
  static final List<String> CLIENT = List.of("etcdctl", "etcdutl");
  private static final Pattern URL = Pattern.compile(
      "https://\\S+/v(\\d+\\.\\d+\\.\\d+)/(SHA256SUMS|etcd-v(\\d+\\.\\d+\\.\\d+)-linux-(amd64|arm64)\\.tar\\.gz)");
  private static final List<String> ARCHES = List.of("amd64", "arm64");

  private final LabState state;

  EtcdRelease(LabState state) {
    this.state = state;
  }

  static boolean isReleaseUrl(String url) {
    return URL.matcher(url).matches();
  }

  /** {@code curl -fsSL -o FILE URL} of a release file: 404 for another version, as GitHub answers. */
  Result download(Invocation inv, String url, String out) {
    Matcher m = URL.matcher(url);
    if (!m.matches()
        || !m.group(1).equals(Etcd.VERSION)
        || m.group(3) != null && !m.group(3).equals(Etcd.VERSION)) {
      return Result.fail(22, "curl: (22) The requested URL returned error: 404\n");
    }
    if (out == null) {
      return Result.fail(23, "curl: (23) Failure writing output to destination\n");
    }
    if (!CoreUtils.writableBy(inv, out)) {
      return Result.fail(23, "curl: (23) Failed to open the file " + out + ": Permission denied\n");
    }
    String content;
    if (m.group(2).equals("SHA256SUMS")) {
      content = sums();
    } else {
      content = tarball(m.group(4)) + (state.etcdReleaseCorrupt() ? "truncated" : "");
    }
    inv.host().files().put(out, content);
    return Result.ok("");
  }

  /** {@code tar -xzf FILE -C DIR --strip-components=1 TOP/etcdctl TOP/etcdutl}: the named binaries into DIR. */
  Result tar(Invocation inv) {
    String file = inv.option("-xzf", null);
    String dir = inv.option("-C", null);
    String content = file == null ? null : inv.host().files().get(file);
    if (content == null || dir == null) {
      return Result.fail(
          2,
          "tar: " + file
              + ": Cannot open: No such file or directory\ntar: Error is not recoverable: exiting now\n");
    }
    String arch =
        ARCHES.stream().filter(a -> content.equals(tarball(a))).findFirst().orElse(null);
    if (arch == null) {
      return Result.fail(
          2,
          "gzip: stdin: unexpected end of file\ntar: Unexpected EOF in archive\ntar: Error is not recoverable: exiting now\n");
    }
    for (String binary : CLIENT) {
      inv.host().files().put(dir + "/" + binary, binary(binary, arch));
    }
    return Result.ok("");
  }

  /** Whether both binaries of this release sit in /usr/local/bin (then etcdctl/etcdutl answer). */
  static boolean installed(java.util.Map<String, String> files, String arch) {
    return CLIENT.stream().allMatch(b -> binary(b, arch).equals(files.get(CLIENT_DIR + b)));
  }

  private static String tarball(String arch) {
    return "lab-sim etcd release v" + Etcd.VERSION + " linux-" + arch + "\n";
  }

  private static String binary(String name, String arch) {
    return "lab-sim " + name + " " + Etcd.VERSION + " linux-" + arch + "\n";
  }

  private static String sums() {
    StringBuilder b = new StringBuilder();
    for (String arch : ARCHES) {
      b.append(CoreUtils.sha256(tarball(arch).getBytes(StandardCharsets.UTF_8)))
          .append("  etcd-v")
          .append(Etcd.VERSION)
          .append("-linux-")
          .append(arch)
          .append(".tar.gz\n");
    }
    return b.toString();
  }
}
