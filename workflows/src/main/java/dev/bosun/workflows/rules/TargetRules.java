package dev.bosun.workflows.rules;

import dev.bosun.workflows.model.ClusterTarget;
import dev.bosun.workflows.model.HostTarget;
import dev.bosun.workflows.model.KubeVersion;
import java.time.Duration;
import java.util.Collection;

/**
 * What an activity checks about its own input before it touches a host or an API: any client on the task
 * queue can start a workflow, so an activity cannot rely on {@code bosun validate} having run. The rules
 * are the inventory's ({@link Syntax}), one implementation. Messages name the field and the rule and never
 * quote the value (it lands in the workflow history).
 */
public final class TargetRules {

  private TargetRules() {}

  /** @throws IllegalArgumentException naming the first field of {@code host} that breaks a rule */
  public static HostTarget requireHost(HostTarget host) {
    if (host == null) {
      throw new IllegalArgumentException("host is missing");
    }
    require(
        Syntax.isLabel(host.cluster()),
        "host.cluster is not a valid cluster name: " + Syntax.LABEL_RULE);
    requireNodeName("host.node", host.node());
    require(
        Syntax.isAddress(host.address()),
        "host.address of " + host.node() + " is not a valid address: " + Syntax.ADDRESS_RULE);
    require(
        host.port() == 0 || Syntax.isPort(host.port()),
        "host.port of " + host.node() + " is not a valid port: must be 1-65535");
    require(
        Syntax.isUnixUser(host.user()),
        "host.user of " + host.node()
            + " is not a valid user name: lowercase letters, digits, '_' and '-', starting with a letter or '_', at most 32 characters");
    requireLocalPath("host.privateKeyPath", host.privateKeyPath());
    requireLocalPath("host.knownHostsPath", host.knownHostsPath());
    require(
        host.privateKeyPassphraseEnv() == null || Syntax.isEnvName(host.privateKeyPassphraseEnv()),
        "host.privateKeyPassphraseEnv is not an environment variable name: letters, digits and '_', not starting with a digit");
    requirePositive("host.commandTimeout", host.commandTimeout());
    requirePositive("host.connectTimeout", host.connectTimeout());
    return host;
  }

  /** @throws IllegalArgumentException naming the first field of {@code cluster} that breaks a rule */
  public static ClusterTarget requireCluster(ClusterTarget cluster) {
    if (cluster == null) {
      throw new IllegalArgumentException("cluster is missing");
    }
    require(
        Syntax.isLabel(cluster.cluster()),
        "cluster.cluster is not a valid cluster name: " + Syntax.LABEL_RULE);
    String endpoint = cluster.controlPlaneEndpoint();
    require(
        endpoint != null && Syntax.isHostPort(endpoint.replaceFirst("^https://", "")),
        "cluster.controlPlaneEndpoint is not a valid endpoint: must be host:port (an IP address or hostname, and a port 1-65535)");
    requireLocalPath("cluster.kubeconfigPath", cluster.kubeconfigPath());
    if (cluster.firstControlPlane() != null) {
      requireHost(cluster.firstControlPlane());
    }
    return cluster;
  }

  /** A node name as the inventory allows it. */
  public static String requireNodeName(String field, String node) {
    require(Syntax.isLabel(node), field + " is not a valid node name: " + Syntax.LABEL_RULE);
    return node;
  }

  public static void requireNodeNames(String field, Collection<String> nodes) {
    require(nodes != null, field + " is missing");
    nodes.forEach(n -> requireNodeName(field + "[]", n));
  }

  public static KubeVersion requireVersion(String field, KubeVersion version) {
    require(
        version != null && KubeVersion.isValid(version.toString()),
        field + " is not a valid Kubernetes version: vMAJOR.MINOR.PATCH");
    return version;
  }

  /** Null (the worker's default), or an absolute path or one under ~/, on one line. */
  public static void requireLocalPath(String field, String path) {
    require(
        path == null || Syntax.isLocalPath(path),
        field
            + " is not a usable path: absolute (or ~/...), without control characters, at most 4096 characters");
  }

  public static void requirePositive(String field, Duration d) {
    require(d == null || (!d.isNegative() && !d.isZero()), field + " must be a positive duration");
  }

  private static void require(boolean ok, String rule) {
    if (!ok) {
      throw new IllegalArgumentException(rule);
    }
  }
}
