package dev.bosun.sim.programs;

import dev.bosun.sim.LabState;
import dev.bosun.sim.host.HostState;
import dev.bosun.sim.host.KubeadmRole;
import dev.bosun.sim.host.Version;
import dev.bosun.sim.shell.Invocation;
import dev.bosun.sim.shell.Result;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * kubeadm: the command line and {@code kubeadm version}; {@code upgrade plan/apply/node} in {@link KubeadmUpgrade},
 * {@code init}, {@code join}, {@code token create} and {@code reset} in {@link KubeadmBootstrap}, {@code certs
 * check-expiration} and {@code certs renew all} in {@link KubeadmCerts}.
 */
final class Kubeadm {

  static final String STACK_TRACE_HINT =
      "To see the stack trace of this error execute with --v=5 or higher\n";
  static final int PREFLIGHT_EXIT = 2;
  static final String CERT_STAMP = "/etc/kubernetes/pki/apiserver.crt";

  private final KubeadmUpgrade upgrade;
  private final KubeadmBootstrap bootstrap;
  private final KubeadmCerts certs;
  private final KubeadmReset reset;

  Kubeadm(LabState state) {
    this.upgrade = new KubeadmUpgrade(state);
    this.bootstrap = new KubeadmBootstrap(state);
    this.certs = new KubeadmCerts(state);
    this.reset = new KubeadmReset(state);
  }

  static Result fatal(int code, String message) {
    return Result.fail(code, message + (message.endsWith("\n") ? "" : "\n") + STACK_TRACE_HINT);
  }

  private static Result notRoot() {
    return fatal(
        PREFLIGHT_EXIT,
        "[preflight] Some fatal errors occurred:\n\t[ERROR IsPrivilegedUser]: user is not running as root\n"
            + "[preflight] If you know what you are doing, you can make a check non-fatal with `--ignore-preflight-errors=...`");
  }

  Result run(Invocation inv) {
    Version kubeadm = inv.host().packageVersion("kubeadm");
    if (kubeadm == null) {
      return Programs.notInstalled(inv);
    }
    List<String> words = inv.rest().stream().filter(a -> !a.startsWith("-")).toList();
    String sub = words.isEmpty() ? "" : words.get(0);
    if (sub.equals("version")) {
      return version(inv, kubeadm);
    }
    if (!inv.root()) {
      return notRoot();
    }
    String sub2 = words.size() > 1 ? words.get(1) : "";
    return switch (sub + " " + sub2) {
      case "upgrade plan" -> upgrade.plan(inv, kubeadm);
      case "upgrade apply" -> upgrade.apply(inv, kubeadm, words.size() > 2 ? words.get(2) : null);
      case "upgrade node" -> upgrade.upgradeNode(inv, kubeadm);
      case "token create" -> bootstrap.tokenCreate(inv);
      case "certs check-expiration" -> certs.checkExpiration(inv);
      case "certs renew" -> certs.renew(inv, words.size() > 2 ? words.get(2) : "");
      default ->
        switch (sub) {
          case "init" ->
            words.size() > 2 && words.get(1).equals("phase") && words.get(2).equals("upload-certs")
                ? bootstrap.uploadCerts(inv)
                : bootstrap.init(inv, kubeadm);
          case "join" ->
            bootstrap.join(
                inv, kubeadm, words.size() > 1 && !inv.has("--config") ? words.get(1) : null);
          case "reset" -> reset.reset(inv);
          default ->
            fatal(1, "unknown command \"" + String.join(" ", words) + "\" for \"kubeadm\"");
        };
    };
  }

  // ---- version
  // -------------------------------------------------------------------------------------

  private Result version(Invocation inv, Version v) {
    String output = inv.option("-o", "--output");
    if ("short".equals(output)) {
      return Result.ok(v + "\n");
    }
    Map<String, Object> info = new LinkedHashMap<>();
    info.put("major", Integer.toString(v.major()));
    info.put("minor", Integer.toString(v.minor()));
    info.put("gitVersion", v.toString());
    info.put(
        "gitCommit", HexFormat.of().formatHex(v.toString().repeat(4).getBytes()).substring(0, 40));
    info.put("gitTreeState", "clean");
    info.put("buildDate", "2024-10-22T20:33:31Z");
    info.put("goVersion", "go1.22.8");
    info.put("compiler", "gc");
    info.put("platform", "linux/amd64");
    if ("json".equals(output)) {
      return Result.ok(GoJson.indent(Map.of("clientVersion", info), "  "));
    }
    if ("yaml".equals(output)) {
      StringBuilder b = new StringBuilder("clientVersion:\n");
      info.forEach((k, val) -> b.append("  ")
          .append(k)
          .append(": ")
          .append(k.equals("major") || k.equals("minor") ? "\"" + val + "\"" : val)
          .append('\n'));
      return Result.ok(b.toString());
    }
    if (output != null && !output.isEmpty()) {
      return fatal(1, "error: invalid output format: " + output);
    }
    return Result.ok("kubeadm version: &version.Info{Major:\"" + v.major() + "\", Minor:\""
        + v.minor() + "\", GitVersion:\"" + v
        + "\", GitCommit:\"" + info.get("gitCommit")
        + "\", GitTreeState:\"clean\", BuildDate:\"2024-10-22T20:33:31Z\", "
        + "GoVersion:\"go1.22.8\", Compiler:\"gc\", Platform:\"linux/amd64\"}\n");
  }

  /** The refusal of a command that needs the admin kubeconfig of a control plane, or null on a control plane. */
  static Result needsControlPlane(HostState host) {
    if (host.kubeadmRole() != KubeadmRole.CONTROL_PLANE) {
      return fatal(
          1,
          "couldn't create a Kubernetes client from file \"/etc/kubernetes/admin.conf\": failed to load admin kubeconfig: "
              + "open /etc/kubernetes/admin.conf: no such file or directory");
    }
    return null;
  }
}
