package dev.bosun.sim.programs;

import dev.bosun.sim.LabState;
import dev.bosun.sim.host.HostState;
import dev.bosun.sim.host.KubeadmRole;
import dev.bosun.sim.kube.KubeObjects;
import dev.bosun.sim.shell.Invocation;
import dev.bosun.sim.shell.Result;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * etcdctl snapshot save, member list and endpoint health ({@link EtcdMembers}), and etcdutl snapshot status, against
 * the control plane's (simulated) etcd.
 */
final class Etcd {

  private static final Pattern SNAPSHOT =
      Pattern.compile("etcd-snapshot revision=(\\d+) keys=(\\d+) size=(\\d+) hash=(\\d+)\n");
  /** The etcd the lab runs: kubeadm 1.30–1.32's registry.k8s.io/etcd:3.5.15-0 ({@code LabObjects.ETCD_IMAGE}). */
  static final String VERSION = "3.5.15";

  private final LabState state;
  private final EtcdMembers members;

  Etcd(LabState state) {
    this.state = state;
    this.members = new EtcdMembers(state);
  }

  Result etcdctl(Invocation inv) {
    HostState host = inv.host();
    if (host.kubeadmRole() != KubeadmRole.CONTROL_PLANE || !host.etcdClientInstalled()) {
      return Programs.notInstalled(inv);
    }
    if (inv.rest().equals(List.of("version"))) {
      return Result.ok("etcdctl version: " + VERSION + "\nAPI version: 3.5\n");
    }
    List<String> a = inv.rest().stream().filter(x -> !x.startsWith("--")).toList();
    if (a.size() >= 2 && a.get(0).equals("member") && a.get(1).equals("list")) {
      return members.list(inv);
    }
    if (a.size() >= 2 && a.get(0).equals("endpoint") && a.get(1).equals("health")) {
      return members.health(inv);
    }
    if (a.size() < 3 || !a.get(0).equals("snapshot") || !a.get(1).equals("save")) {
      return Result.fail(1, "Error: unknown command in the lab: " + String.join(" ", a) + "\n");
    }
    if (!inv.root()) {
      return Result.fail(1, "Error: open /etc/kubernetes/pki/etcd/server.key: permission denied\n");
    }
    String path = a.get(2);
    String dir = path.substring(0, Math.max(1, path.lastIndexOf('/')));
    if (!dir.equals("/var/backups")
        && !dir.equals("/tmp")
        && !dir.equals("/var/lib/etcd-backups")) {
      return Result.fail(
          1,
          "Error: could not open " + path + ".part (open " + path
              + ".part: no such file or directory)\n");
    }
    String ts = KubeObjects.timestamp(state.now()).replace("Z", ".000Z");
    int keys = state.cluster().pods().size() + state.cluster().nodes().size() * 3 + 400;
    long revision = Long.parseLong(state.cluster().currentResourceVersion());
    long size = 4096L * (keys / 4 + 100);
    long hash = Integer.toUnsignedLong((path + revision).hashCode());
    host.files()
        .put(
            path,
            "etcd-snapshot revision=" + revision + " keys=" + keys + " size=" + size + " hash="
                + hash + "\n");
    String err = "{\"level\":\"info\",\"ts\":\"" + ts
        + "\",\"caller\":\"snapshot/v3_snapshot.go:65\",\"msg\":\"created temporary db file\",\"path\":\""
        + path + ".part\"}\n"
        + "{\"level\":\"info\",\"ts\":\"" + ts
        + "\",\"logger\":\"client\",\"caller\":\"v3@v3.5.15/maintenance.go:212\",\"msg\":\"opened snapshot stream; downloading\"}\n"
        + "{\"level\":\"info\",\"ts\":\"" + ts
        + "\",\"caller\":\"snapshot/v3_snapshot.go:73\",\"msg\":\"fetching snapshot\",\"endpoint\":\"https://127.0.0.1:2379\"}\n"
        + "{\"level\":\"info\",\"ts\":\"" + ts
        + "\",\"logger\":\"client\",\"caller\":\"v3@v3.5.15/maintenance.go:220\",\"msg\":\"completed snapshot read; closing\"}\n"
        + "{\"level\":\"info\",\"ts\":\"" + ts
        + "\",\"caller\":\"snapshot/v3_snapshot.go:88\",\"msg\":\"fetched snapshot\",\"endpoint\":\"https://127.0.0.1:2379\",\"size\":\""
        + size / 1024 + " kB\",\"took\":\"now\"}\n"
        + "{\"level\":\"info\",\"ts\":\"" + ts
        + "\",\"caller\":\"snapshot/v3_snapshot.go:97\",\"msg\":\"saved\",\"path\":\"" + path
        + "\"}\n";
    return new Result(0, "Snapshot saved at " + path + "\n", err);
  }

  Result etcdutl(Invocation inv) {
    HostState host = inv.host();
    if (host.kubeadmRole() != KubeadmRole.CONTROL_PLANE || !host.etcdClientInstalled()) {
      return Programs.notInstalled(inv);
    }
    if (inv.rest().equals(List.of("version"))) {
      return Result.ok("etcdutl version: " + VERSION + "\nAPI version: 3.5\n");
    }
    List<String> a = inv.rest();
    if (a.size() < 3 || !a.get(0).equals("snapshot") || !a.get(1).equals("status")) {
      return Result.fail(1, "Error: unknown command in the lab: " + String.join(" ", a) + "\n");
    }
    String path = a.get(2);
    String content = host.files().get(path);
    if (content == null) {
      return Result.fail(1, "Error: stat " + path + ": no such file or directory\n");
    }
    if (!inv.root() && CoreUtils.rootOnly(path)) {
      return Result.fail(1, "Error: open " + path + ": permission denied\n");
    }
    Matcher m = SNAPSHOT.matcher(content);
    if (!m.matches()) {
      return Result.fail(1, "Error: snapshot file integrity check failed. 2 errors found.\n");
    }
    String w = inv.option("-w", "--write-out");
    if ("json".equals(w)) {
      return Result.ok("{\"hash\":" + m.group(4) + ",\"revision\":" + m.group(1) + ",\"totalKey\":"
          + m.group(2) + ",\"totalSize\":" + m.group(3) + ",\"version\":\"" + VERSION + "\"}\n");
    }
    String hex = Long.toHexString(Long.parseLong(m.group(4)));
    return Result.ok("+----------+----------+------------+------------+---------+\n"
        + "|   HASH   | REVISION | TOTAL KEYS | TOTAL SIZE | VERSION |\n"
        + "+----------+----------+------------+------------+---------+\n"
        + String.format(
            "| %8s | %8s | %10s | %10s | %7s |%n",
            hex, m.group(1), m.group(2), Long.parseLong(m.group(3)) / 1024 + " kB", VERSION)
        + "+----------+----------+------------+------------+---------+\n");
  }
}
