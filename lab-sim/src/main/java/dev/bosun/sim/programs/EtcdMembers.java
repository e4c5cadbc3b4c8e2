package dev.bosun.sim.programs;

import dev.bosun.sim.LabState;
import dev.bosun.sim.host.HostState;
import dev.bosun.sim.host.KubeadmRole;
import dev.bosun.sim.shell.Invocation;
import dev.bosun.sim.shell.Result;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * {@code etcdctl member list -w json} and {@code etcdctl endpoint health --cluster -w json} as etcdctl 3.5 prints
 * them, with the lab's control planes as the members (named after their node, as kubeadm names them; IDs as decimal
 * uint64). A member down (the etcdMemberDown fault) answers unhealthy with etcdctl's error, and etcdctl run on its
 * own host cannot reach the local member.
 */
final class EtcdMembers {

  private static final String DEADLINE = "context deadline exceeded";

  private final LabState state;

  EtcdMembers(LabState state) {
    this.state = state;
  }

  Result list(Invocation inv) {
    Result refused = refused(inv);
    if (refused != null) {
      return refused;
    }
    List<HostState> cps = controlPlanes();
    StringBuilder json = new StringBuilder("{\"header\":{\"cluster_id\":")
        .append(id("cluster:" + state.controlPlaneEndpoint()))
        .append(",\"member_id\":")
        .append(id(inv.host().name()))
        .append(",\"raft_term\":")
        .append(2 + state.etcdMembersDown().size())
        .append("},\"members\":[");
    for (int i = 0; i < cps.size(); i++) {
      HostState h = cps.get(i);
      json.append(i == 0 ? "" : ",")
          .append("{\"ID\":")
          .append(id(h.name()))
          .append(",\"name\":\"")
          .append(h.name())
          .append("\",\"peerURLs\":[\"https://")
          .append(h.address())
          .append(":2380\"],\"clientURLs\":[\"https://")
          .append(h.address())
          .append(":2379\"]}");
    }
    return Result.ok(json.append("]}\n").toString());
  }

  Result health(Invocation inv) {
    Result refused = refused(inv);
    if (refused != null) {
      return refused;
    }
    StringBuilder json = new StringBuilder("[");
    boolean unhealthy = false;
    List<HostState> cps = controlPlanes();
    for (int i = 0; i < cps.size(); i++) {
      HostState h = cps.get(i);
      boolean down = down(h);
      unhealthy |= down;
      json.append(i == 0 ? "" : ",")
          .append("{\"endpoint\":\"https://")
          .append(h.address())
          .append(":2379\",\"health\":")
          .append(!down)
          .append(",\"took\":\"")
          .append(down ? "5.001514483s" : (8 + i) + ".612287ms")
          .append(down ? "\",\"error\":\"failed to commit proposal: " + DEADLINE + "\"}" : "\"}");
    }
    json.append("]\n");
    return unhealthy
        ? new Result(1, json.toString(), "Error: unhealthy cluster\n")
        : Result.ok(json.toString());
  }

  /** Not root (kubeadm's etcd keys), or this host's own member is down (the local endpoint does not answer). */
  private Result refused(Invocation inv) {
    if (!inv.root()) {
      return Result.fail(1, "Error: open /etc/kubernetes/pki/etcd/server.key: permission denied\n");
    }
    if (down(inv.host())) {
      return Result.fail(
          1,
          "{\"level\":\"warn\",\"ts\":\"2024-11-16T10:04:05.123Z\",\"logger\":\"etcd-client\","
              + "\"caller\":\"v3@v3.5.15/retry_interceptor.go:62\",\"msg\":\"retrying of unary invoker failed\","
              + "\"target\":\"etcd-endpoints://0xc000402000/127.0.0.1:2379\",\"attempt\":0,"
              + "\"error\":\"rpc error: code = DeadlineExceeded desc = latest balancer error: last connection"
              + " error: connection error: desc = \\\"transport: Error while dialing: dial tcp 127.0.0.1:2379:"
              + " connect: connection refused\\\"\"}\nError: " + DEADLINE + "\n");
    }
    return null;
  }

  private boolean down(HostState h) {
    synchronized (state.lock()) {
      return state.etcdMembersDown().contains(h.name());
    }
  }

  private List<HostState> controlPlanes() {
    synchronized (state.lock()) {
      return state.hosts().stream()
          .filter(h -> h.kubeadmRole() == KubeadmRole.CONTROL_PLANE)
          .toList();
    }
  }

  /** A stable uint64 member ID (FNV-1a of the name), printed as etcdctl prints IDs: unsigned decimal. */
  private static String id(String name) {
    long hash = 0xcbf29ce484222325L;
    for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
      hash ^= b & 0xff;
      hash *= 0x100000001b3L;
    }
    return Long.toUnsignedString(hash);
  }
}
