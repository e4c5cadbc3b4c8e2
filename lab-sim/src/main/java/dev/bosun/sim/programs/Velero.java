package dev.bosun.sim.programs;

import dev.bosun.sim.LabState;
import dev.bosun.sim.host.HostState;
import dev.bosun.sim.kube.ClusterStore;
import dev.bosun.sim.shell.Invocation;
import dev.bosun.sim.shell.Result;
import dev.bosun.sim.testbed.TestBed;
import dev.bosun.sim.velero.VeleroInstall;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Velero CLI (v1.18.3) on a lab host: {@code velero version --client-only} and {@code velero install} with the
 * flags Bosun's restore drill passes. Flags are parsed as cobra parses them (unknown flag: the usage and exit 1); the
 * install's objects go into the lab's cluster: on {@code sim} Velero's double is installed ({@link VeleroInstall}),
 * on {@code real} the test bed's own CLI installs into the real control plane and the lab runs the real server for
 * the Deployment ({@link RealVeleroInstall}). Output as the real CLI prints it.
 */
final class Velero {

  /** Flags taking a value (with their defaults), and boolean flags. */
  private static final Map<String, String> VALUE_FLAGS = Map.of(
      "--kubeconfig", "",
      "--namespace", "velero",
      "--provider", "",
      "--plugins", "",
      "--bucket", "",
      "--backup-location-config", "",
      "--secret-file", "",
      "--image", "velero/velero:" + TestBed.VELERO_VERSION);

  private static final List<String> BOOLEAN_FLAGS =
      List.of("--use-volume-snapshots", "--wait", "--no-secret");

  private final LabState state;

  Velero(LabState state) {
    this.state = state;
  }

  Result run(Invocation inv) {
    List<String> a = inv.rest();
    if (a.size() >= 1 && a.get(0).equals("version")) {
      return Result.ok("Client:\n\tVersion: " + TestBed.VELERO_VERSION + "\n\tGit commit: -\n");
    }
    if (a.isEmpty() || !a.get(0).equals("install")) {
      return Result.fail(
          1,
          "lab-sim's velero knows `velero install` and `velero version --client-only`; drive "
              + "Velero through its resources (Backup, Restore) in the API\n");
    }
    Map<String, String> flags = new LinkedHashMap<>();
    for (int i = 1; i < a.size(); i++) {
      String arg = a.get(i);
      String name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
      if (name.equals("-n")) {
        name = "--namespace";
      }
      if (VALUE_FLAGS.containsKey(name)) {
        String value = arg.contains("=")
            ? arg.substring(arg.indexOf('=') + 1)
            : i + 1 < a.size() ? a.get(++i) : null;
        if (value == null) {
          return usage("flag needs an argument: " + arg);
        }
        flags.put(name, value);
      } else if (BOOLEAN_FLAGS.contains(name)) {
        flags.put(name, arg.contains("=") ? arg.substring(arg.indexOf('=') + 1) : "true");
      } else {
        return usage(
            arg.startsWith("--")
                ? "unknown flag: " + name
                : arg.startsWith("-")
                    ? "unknown shorthand flag: '" + arg.charAt(1) + "' in " + arg
                    : "unknown command \"" + arg + "\" for \"velero install\"");
      }
    }
    for (String required : List.of("--provider", "--bucket", "--plugins")) {
      if (flags.getOrDefault(required, "").isEmpty()) {
        return Result.fail(
            1,
            "velero: " + required + (required.equals("--plugins") ? " flag" : "")
                + " is required\n");
      }
    }
    if (flags.getOrDefault("--secret-file", "").isEmpty()
        && !"true".equals(flags.get("--no-secret"))) {
      return Result.fail(1, "velero: One of --secret-file or --no-secret is required\n");
    }
    Map<String, String> config = new LinkedHashMap<>();
    for (String kv : flags.getOrDefault("--backup-location-config", "").split(",")) {
      if (!kv.isEmpty()) {
        if (!kv.contains("=")) {
          return usage("invalid argument \"" + flags.get("--backup-location-config")
              + "\" for \"--backup-location-config\" flag: " + kv
              + " must be formatted as key=value");
        }
        config.put(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
      }
    }
    HostState host = inv.host();
    String kubeconfig = flags.getOrDefault("--kubeconfig", "");
    String denied = readable(host, inv.root(), kubeconfig);
    if (kubeconfig.isEmpty() || denied != null) {
      return Result.fail(
          1,
          "velero: fail to create go-client error finding Kubernetes API server config in "
              + "--kubeconfig, $KUBECONFIG, or in-cluster configuration: "
              + (denied == null
                  ? "invalid configuration: no " + "configuration has been provided"
                  : denied)
              + "\n");
    }
    byte[] credentials = new byte[0];
    String secretFile = flags.getOrDefault("--secret-file", "");
    if (!secretFile.isEmpty()) {
      String why = readable(host, inv.root(), secretFile);
      if (why != null) {
        return Result.fail(1, "velero: " + why + "\n");
      }
      credentials = host.files().get(secretFile).getBytes(StandardCharsets.UTF_8);
    }
    VeleroInstall.Options options = new VeleroInstall.Options(
        flags.get("--namespace") == null ? "velero" : flags.get("--namespace"),
        flags.get("--provider"),
        flags.get("--plugins"),
        flags.get("--bucket"),
        config,
        credentials,
        flags.getOrDefault("--image", VALUE_FLAGS.get("--image")));
    boolean wait = "true".equals(flags.get("--wait"));
    if (!(state.cluster() instanceof ClusterStore store)) {
      return RealVeleroInstall.run(
          state, options, secretFile.isEmpty() ? null : credentials, flags, wait, host.name());
    }
    Map<String, Boolean> created;
    synchronized (state.lock()) {
      created = VeleroInstall.install(store, options, state.now(), state::veleroBackupFault);
    }
    return Result.ok(report(created, options.namespace(), wait));
  }

  /** What `velero install` prints for the objects it applied, as v1.18.3 prints it. */
  static String report(Map<String, Boolean> created, String namespace, boolean wait) {
    StringBuilder out = new StringBuilder();
    created.forEach((name, isNew) -> {
      if (name.startsWith("Namespace/")) {
        out.append("Waiting for resources to be ready in cluster...\n");
      }
      out.append(name).append(": attempting to create resource client\n");
      out.append(name).append(": attempting to create resource\n");
      out.append(name).append(isNew ? ": created\n" : ": already exists, proceeding\n");
    });
    if (wait) {
      out.append("Waiting for Velero deployment to be ready.\n");
    }
    out.append("Velero is installed! ⛵ Use 'kubectl logs deployment/velero -n ")
        .append(namespace)
        .append("' to view the status.\n");
    return out.toString();
  }

  /** Why a file cannot be read as Go reports it, or null when it can. */
  private static String readable(HostState host, boolean root, String path) {
    if (path.isEmpty()) {
      return null;
    }
    if (!host.files().containsKey(path)) {
      return "stat " + path + ": no such file or directory";
    }
    if (!root && path.startsWith("/etc/kubernetes/")) {
      return "open " + path + ": permission denied";
    }
    return null;
  }

  private static Result usage(String error) {
    try (InputStream in =
        Velero.class.getResourceAsStream("/dev/bosun/sim/velero/install-usage.txt")) {
      String usage = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      return Result.fail(1, "Error: " + error + "\n" + usage + "velero: " + error + "\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
