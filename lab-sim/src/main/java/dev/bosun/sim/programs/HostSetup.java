package dev.bosun.sim.programs;

import dev.bosun.sim.host.AptRepository;
import dev.bosun.sim.host.HostState;
import dev.bosun.sim.shell.Invocation;
import dev.bosun.sim.shell.Result;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What turning a fresh Ubuntu VM into a kubeadm host runs: dpkg --print-architecture, curl and gpg for the apt key
 * (curl also serves a minor's Packages index, which bosun plan reads),
 * mkdir/install/chmod/rm, modprobe/lsmod, sysctl, swapoff, sed on a file, {@code containerd config default}. The
 * kernel's state lives in the host's /proc files, so cat and the preflight checks read what these programs set.
 */
final class HostSetup {

  private static final Pattern RELEASE_KEY = Pattern.compile(
      Pattern.quote(AptRepository.URL_PREFIX) + "v(\\d+)\\.(\\d+)/deb/Release\\.key");
  private static final Pattern PACKAGES_INDEX =
      Pattern.compile(Pattern.quote(AptRepository.URL_PREFIX) + "v(\\d+)\\.(\\d+)/deb/Packages");
  private static final List<String> KNOWN_MODULES =
      List.of("overlay", "br_netfilter", "ip_vs", "nf_conntrack");
  /** The part of containerd 1.7's default config that matters here (the runc options' cgroup driver). */
  static final String CONTAINERD_DEFAULT_CONFIG =
      "disabled_plugins = []\nimports = []\noom_score = 0\nroot = \"/var/lib/containerd\"\n"
          + "state = \"/run/containerd\"\nversion = 2\n\n[grpc]\n  address = \"/run/containerd/containerd.sock\"\n\n[plugins]\n\n"
          + "  [plugins.\"io.containerd.grpc.v1.cri\"]\n    sandbox_image = \"registry.k8s.io/pause:3.8\"\n\n"
          + "    [plugins.\"io.containerd.grpc.v1.cri\".containerd]\n      default_runtime_name = \"runc\"\n\n"
          + "        [plugins.\"io.containerd.grpc.v1.cri\".containerd.runtimes.runc]\n          runtime_type = \"io.containerd.runc.v2\"\n\n"
          + "          [plugins.\"io.containerd.grpc.v1.cri\".containerd.runtimes.runc.options]\n            BinaryName = \"\"\n"
          + "            SystemdCgroup = false\n";

  private final dev.bosun.sim.LabState state;
  private final EtcdRelease etcdRelease;

  HostSetup(dev.bosun.sim.LabState state) {
    this.state = state;
    this.etcdRelease = new EtcdRelease(state);
  }

  Result tar(Invocation inv) {
    return etcdRelease.tar(inv);
  }

  Result dpkg(Invocation inv) {
    if (inv.has("--print-architecture")) {
      return Result.ok(inv.host().arch() + "\n");
    }
    return Result.fail(
        2,
        "dpkg: error: need an action option\n\nType dpkg --help for help about installing and deinstalling packages [*];\n");
  }

  Result curl(Invocation inv) {
    String url =
        inv.rest().stream().filter(a -> a.startsWith("http")).findFirst().orElse(null);
    if (url == null) {
      return Result.fail(
          2,
          "curl: no URL specified!\ncurl: try 'curl --help' or 'curl --manual' for more information\n");
    }
    if (EtcdRelease.isReleaseUrl(url)) {
      return etcdRelease.download(inv, url, inv.option("-o", "--output"));
    }
    Matcher m = RELEASE_KEY.matcher(url);
    if (m.matches() && state.repository().hasMinor(Integer.parseInt(m.group(2)))) {
      return Result.ok(AptRepository.RELEASE_KEY);
    }
    Matcher index = PACKAGES_INDEX.matcher(url);
    if (index.matches() && state.repository().hasMinor(Integer.parseInt(index.group(2)))) {
      // read-only: curl without -o writes nothing on the host
      return Result.ok(state.repository().packagesIndex(Integer.parseInt(index.group(2))));
    }
    return Result.fail(22, "curl: (22) The requested URL returned error: 403\n");
  }

  Result gpg(Invocation inv) {
    if (!inv.has("--dearmor")) {
      return Result.fail(2, "gpg: the lab's gpg only knows --dearmor\n");
    }
    if (!inv.stdin().startsWith("-----BEGIN PGP PUBLIC KEY BLOCK-----")) {
      return Result.fail(2, "gpg: no valid OpenPGP data found.\n");
    }
    String out = inv.option("-o", "--output");
    if (out == null) {
      return Result.ok(AptRepository.KEYRING_CONTENT);
    }
    if (!CoreUtils.writableBy(inv, out)) {
      return Result.fail(
          2,
          "gpg: can't create '" + out
              + "': Permission denied\ngpg: dearmoring failed: Permission denied\n");
    }
    if (inv.host().files().containsKey(out) && !inv.has("--yes")) {
      // gpg asks before overwriting, and there is no terminal on an exec channel.
      return Result.fail(2, "gpg: cannot open '/dev/tty': No such device or address\n");
    }
    inv.host().files().put(out, AptRepository.KEYRING_CONTENT);
    return Result.ok("");
  }

  Result mkdir(Invocation inv) {
    for (String dir : operands(inv, List.of("-m"))) {
      if (!CoreUtils.writableBy(inv, dir + "/")) {
        return Result.fail(1, "mkdir: cannot create directory '" + dir + "': Permission denied\n");
      }
    }
    return Result.ok("");
  }

  /**
   * install -m MODE /dev/null FILE: an empty file with that mode (the lab keeps no modes, only root-only paths);
   * install -m MODE FILE... DIR/: copies (etcdctl and etcdutl into /usr/local/bin make them answer).
   */
  Result install(Invocation inv) {
    List<String> files = operands(inv, List.of("-m", "-o", "-g"));
    if (files.size() >= 2 && files.get(files.size() - 1).endsWith("/")) {
      return installInto(inv, files.subList(0, files.size() - 1), files.get(files.size() - 1));
    }
    if (files.size() != 2 || !files.get(0).equals("/dev/null")) {
      return Result.fail(1, "install: the lab only knows install -m MODE /dev/null FILE\n");
    }
    if (!CoreUtils.writableBy(inv, files.get(1))) {
      return Result.fail(
          1, "install: cannot create regular file '" + files.get(1) + "': Permission denied\n");
    }
    inv.host().files().put(files.get(1), "");
    return Result.ok("");
  }

  private static Result installInto(Invocation inv, List<String> sources, String dir) {
    for (String src : sources) {
      String content = inv.host().files().get(src);
      if (content == null) {
        return Result.fail(1, "install: cannot stat '" + src + "': No such file or directory\n");
      }
      String dest = dir + src.substring(src.lastIndexOf('/') + 1);
      if (!CoreUtils.writableBy(inv, dest)) {
        return Result.fail(
            1, "install: cannot create regular file '" + dest + "': Permission denied\n");
      }
      inv.host().files().put(dest, content);
    }
    if (EtcdRelease.installed(inv.host().files(), inv.host().arch())) {
      inv.host().etcdClientInstalled(true);
    }
    return Result.ok("");
  }

  Result chmod(Invocation inv) {
    List<String> a = operands(inv, List.of());
    for (String f : a.subList(Math.min(1, a.size()), a.size())) {
      if (!inv.host().files().containsKey(f)) {
        return Result.fail(1, "chmod: cannot access '" + f + "': No such file or directory\n");
      }
      if (!inv.root()) {
        return Result.fail(
            1, "chmod: changing permissions of '" + f + "': Operation not permitted\n");
      }
    }
    return Result.ok("");
  }

  /** rm [-f] [-r] FILE...: with -r a folder goes with every file under it (a staging folder of the off-host copy). */
  Result rm(Invocation inv) {
    boolean force = inv.rest().stream().anyMatch(a -> a.startsWith("-") && a.contains("f"));
    boolean recursive = inv.rest().stream()
        .anyMatch(
            a -> a.startsWith("-") && !a.startsWith("--") && a.toLowerCase().contains("r"));
    for (String f : operands(inv, List.of())) {
      String dir = f.endsWith("/") ? f : f + "/";
      boolean folder = inv.host().files().keySet().stream().anyMatch(k -> k.startsWith(dir));
      if (recursive && folder) {
        if (!CoreUtils.writableBy(inv, dir)) {
          return Result.fail(1, "rm: cannot remove '" + f + "': Permission denied\n");
        }
        inv.host().files().keySet().removeIf(k -> k.startsWith(dir));
        inv.host().files().remove(f);
      } else if (folder) {
        return Result.fail(1, "rm: cannot remove '" + f + "': Is a directory\n");
      } else if (!inv.host().files().containsKey(f)) {
        if (!force) {
          return Result.fail(1, "rm: cannot remove '" + f + "': No such file or directory\n");
        }
      } else if (!CoreUtils.writableBy(inv, f)) {
        return Result.fail(1, "rm: cannot remove '" + f + "': Permission denied\n");
      } else {
        inv.host().files().remove(f);
      }
    }
    return Result.ok("");
  }

  Result modprobe(Invocation inv) {
    for (String module : operands(inv, List.of())) {
      if (!KNOWN_MODULES.contains(module)) {
        return Result.fail(
            1,
            "modprobe: FATAL: Module " + module
                + " not found in directory /lib/modules/5.15.0-119-generic\n");
      }
      if (!inv.root() && !inv.host().moduleLoaded(module)) {
        return Result.fail(
            1, "modprobe: ERROR: could not insert '" + module + "': Operation not permitted\n");
      }
      inv.host().loadModule(module);
    }
    return Result.ok("");
  }

  Result lsmod(Invocation inv) {
    StringBuilder out = new StringBuilder("Module                  Size  Used by\n");
    for (String line :
        inv.host().files().getOrDefault(HostState.PROC_MODULES, "").split("\n")) {
      String[] f = line.split(" ");
      if (f.length >= 3) {
        out.append(String.format("%-19s %8s  %s%n", f[0], f[1], f[2]));
      }
    }
    return Result.ok(out.toString());
  }

  Result sysctl(Invocation inv) {
    HostState host = inv.host();
    if (inv.has("--system")) {
      if (!inv.root()) {
        return Result.fail(255, "sysctl: permission denied on key \"net.ipv4.ip_forward\"\n");
      }
      StringBuilder out = new StringBuilder();
      StringBuilder err = new StringBuilder();
      Map<String, String> confs = new TreeMap<>();
      host.files().forEach((path, content) -> {
        if (path.startsWith("/etc/sysctl.d/") && path.endsWith(".conf")) {
          confs.put(path, content);
        }
      });
      confs.forEach((path, content) -> {
        out.append("* Applying ").append(path).append(" ...\n");
        for (String line : content.split("\n")) {
          String l = line.trim();
          int eq = l.indexOf('=');
          if (l.isEmpty() || l.startsWith("#") || eq < 0) {
            continue;
          }
          String key = l.substring(0, eq).trim();
          String value = l.substring(eq + 1).trim();
          if (set(host, key, value)) {
            out.append(key).append(" = ").append(value).append('\n');
          } else {
            err.append("sysctl: cannot stat ")
                .append(path(key))
                .append(": No such file or directory\n");
          }
        }
      });
      return new Result(0, out.toString(), err.toString());
    }
    boolean valuesOnly = inv.has("-n");
    StringBuilder out = new StringBuilder();
    for (String key : operands(inv, List.of())) {
      String value = host.files().get(path(key));
      if (value == null) {
        return new Result(
            255,
            out.toString(),
            "sysctl: cannot stat " + path(key) + ": No such file or directory\n");
      }
      out.append(valuesOnly ? "" : key + " = ").append(value.trim()).append('\n');
    }
    return Result.ok(out.toString());
  }

  /** Writes a kernel parameter that exists (its /proc/sys file is there); false when it does not. */
  private static boolean set(HostState host, String key, String value) {
    if (!host.files().containsKey(path(key))) {
      return false;
    }
    host.files().put(path(key), value + "\n");
    return true;
  }

  private static String path(String key) {
    return "/proc/sys/" + key.replace('.', '/');
  }

  Result swapoff(Invocation inv) {
    if (!inv.has("-a")) {
      return Result.fail(1, "swapoff: the lab only knows swapoff -a\n");
    }
    if (!inv.root()) {
      return Result.fail(255, "swapoff: /swap.img: swapoff failed: Operation not permitted\n");
    }
    inv.host().files().put(HostState.PROC_SWAPS, HostState.SWAPS_HEADER);
    return Result.ok("");
  }

  /** sed [-E] [-i] '[/ADDR/] s/RE/REPL/[g]' [FILE]: the one form host setup needs (Java regex stands in for ERE). */
  Result sed(Invocation inv) {
    List<String> a = operands(inv, List.of("-e"));
    if (a.isEmpty()) {
      return Result.fail(
          1, "Usage: sed [OPTION]... {script-only-if-no-other-script} [input-file]...\n");
    }
    Matcher m = Pattern.compile(
            "(?:/((?:[^/\\\\]|\\\\.)*)/\\s*)?s/((?:[^/\\\\]|\\\\.)*)/((?:[^/\\\\]|\\\\.)*)/(g?)")
        .matcher(a.get(0));
    if (!m.matches()) {
      return Result.fail(
          1, "sed: -e expression #1, char 1: the lab's sed only knows [/ADDR/] s/RE/REPL/[g]\n");
    }
    Pattern address = m.group(1) == null ? null : Pattern.compile(m.group(1));
    Pattern re = Pattern.compile(m.group(2));
    String repl = m.group(3).replace("\\/", "/").replace("$", "\\$").replace("&", "$0");
    boolean global = !m.group(4).isEmpty();
    String file = a.size() > 1 ? a.get(1) : null;
    String input = file == null ? inv.stdin() : inv.host().files().get(file);
    if (input == null) {
      return Result.fail(2, "sed: can't read " + file + ": No such file or directory\n");
    }
    StringBuilder out = new StringBuilder();
    for (String line : input.split("\n", -1)) {
      if (address == null || address.matcher(line).find()) {
        Matcher lm = re.matcher(line);
        line = global ? lm.replaceAll(repl) : lm.replaceFirst(repl);
      }
      out.append(line).append('\n');
    }
    String result = out.substring(0, out.length() - 1);
    if (inv.has("-i") || inv.has("-Ei") || inv.has("-iE")) {
      if (file == null || !CoreUtils.writableBy(inv, file)) {
        return Result.fail(
            4, "sed: couldn't open temporary file " + file + ": Permission denied\n");
      }
      inv.host().files().put(file, result);
      return Result.ok("");
    }
    return Result.ok(result);
  }

  Result containerd(Invocation inv) {
    if (!inv.host().packages().containsKey(Apt.CONTAINERD)) {
      return Programs.notInstalled(inv);
    }
    if (inv.rest().equals(List.of("config", "default"))) {
      return Result.ok(CONTAINERD_DEFAULT_CONFIG);
    }
    return Result.fail(1, "containerd: the lab only knows `containerd config default`\n");
  }

  /** The non-option arguments, skipping the value of each option in {@code withValue}. */
  private static List<String> operands(Invocation inv, List<String> withValue) {
    List<String> out = new java.util.ArrayList<>();
    List<String> a = inv.rest();
    for (int i = 0; i < a.size(); i++) {
      if (withValue.contains(a.get(i))) {
        i++;
      } else if (!a.get(i).startsWith("-")) {
        out.add(a.get(i));
      }
    }
    return out;
  }
}
