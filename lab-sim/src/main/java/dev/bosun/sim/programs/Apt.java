package dev.bosun.sim.programs;

import dev.bosun.sim.LabState;
import dev.bosun.sim.host.AptRepository;
import dev.bosun.sim.host.HostState;
import dev.bosun.sim.host.Version;
import dev.bosun.sim.shell.Invocation;
import dev.bosun.sim.shell.Result;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** apt-get update/install, apt-cache madison, apt-mark, dpkg-query over the simulated pkgs.k8s.io. */
final class Apt {

  static final String CONTAINERD = "containerd";

  private final LabState state;

  Apt(LabState state) {
    this.state = state;
  }

  private List<Version> index(HostState host) {
    String minor = host.aptIndexMinor();
    Version v = Version.parseOrNull(minor == null ? null : minor + ".0");
    return v == null ? List.of() : state.repository().versions(v.minor());
  }

  Result aptGet(Invocation inv) {
    List<String> a = inv.rest();
    if (a.isEmpty()) {
      return Result.fail(1, "E: No operation specified\n");
    }
    String op = a.stream().filter(x -> !x.startsWith("-")).findFirst().orElse("");
    return switch (op) {
      case "update" -> update(inv);
      case "install" -> install(inv);
      default -> Result.fail(100, "E: Invalid operation " + op + "\n");
    };
  }

  private Result update(Invocation inv) {
    if (!inv.root()) {
      return Result.fail(
          100,
          "Reading package lists...\nE: Could not open lock file /var/lib/apt/lists/lock - open (13: Permission denied)\n"
              + "E: Unable to lock directory /var/lib/apt/lists/\n");
    }
    HostState host = inv.host();
    host.distroIndex(true);
    String list = host.files().get(HostState.KUBERNETES_LIST);
    String minor = AptRepository.minorOf(list);
    StringBuilder out = new StringBuilder("Hit:1 http://archive.ubuntu.com/ubuntu jammy InRelease\n"
        + "Hit:2 http://archive.ubuntu.com/ubuntu jammy-updates InRelease\n");
    if (minor == null) {
      host.aptIndexMinor(null);
      return Result.ok(out.append("Reading package lists...\n").toString());
    }
    Version v = Version.parse(minor + ".0");
    String url = AptRepository.URL_PREFIX + minor + "/deb";
    if (!state.repository().hasMinor(v.minor())) {
      host.aptIndexMinor(null);
      out.append("Err:3 ")
          .append(url)
          .append("  InRelease\n  403  Forbidden [IP: 127.0.0.1 443]\nReading package lists...\n");
      return new Result(
          100,
          out.toString(),
          "E: Failed to fetch " + url + "/InRelease  403  Forbidden [IP: 127.0.0.1 443]\n"
              + "E: The repository '" + url + "  InRelease' is not signed.\n"
              + "N: Updating from such a repository can't be done securely, and is therefore disabled by default.\n");
    }
    String keyring = AptRepository.signedBy(list);
    if (keyring != null && !AptRepository.KEYRING_CONTENT.equals(host.files().get(keyring))) {
      host.aptIndexMinor(null);
      out.append("Get:3 ")
          .append(url)
          .append("  InRelease [1,186 B]\nErr:3 ")
          .append(url)
          .append("  InRelease\n")
          .append(
              "  The following signatures couldn't be verified because the public key is not available: NO_PUBKEY 234654DA9A296436\n")
          .append("Reading package lists...\n");
      return new Result(
          100,
          out.toString(),
          "W: GPG error: " + url
              + "  InRelease: The following signatures couldn't be verified because "
              + "the public key is not available: NO_PUBKEY 234654DA9A296436\nE: The repository '"
              + url + "  InRelease' is not signed.\n"
              + "N: Updating from such a repository can't be done securely, and is therefore disabled by default.\n");
    }
    String arch = AptRepository.archOf(list);
    if (arch != null && !arch.equals(host.arch())) {
      // apt fetches indexes only for dpkg's architectures: the repository then offers this host
      // nothing.
      host.aptIndexMinor(null);
      return Result.ok(out.append("Get:3 ")
          .append(url)
          .append("  InRelease [1,186 B]\nReading package lists...\n")
          .toString());
    }
    host.aptIndexMinor(minor);
    out.append("Get:3 ")
        .append(url)
        .append("  InRelease [1,186 B]\nGet:4 ")
        .append(url)
        .append("  Packages [12.4 kB]\n")
        .append("Fetched 13.6 kB in 1s (15.2 kB/s)\nReading package lists...\n");
    return Result.ok(out.toString());
  }

  private Result install(Invocation inv) {
    if (!inv.root()) {
      return Result.fail(
          100,
          "E: Could not open lock file /var/lib/dpkg/lock-frontend - open (13: Permission denied)\n"
              + "E: Unable to acquire the dpkg frontend lock (/var/lib/dpkg/lock-frontend), are you root?\n");
    }
    HostState host = inv.host();
    boolean yes = inv.has("-y") || inv.has("--yes") || inv.has("-qy") || inv.has("-yq");
    boolean allowHeld = inv.has("--allow-change-held-packages");
    boolean allowDowngrades = inv.has("--allow-downgrades");
    boolean installSeen = false;
    boolean wantedContainerd = false;
    Map<String, Version> wanted = new LinkedHashMap<>();
    StringBuilder out = new StringBuilder(
        "Reading package lists...\nBuilding dependency tree...\nReading state information...\n");
    List<Version> index = index(host);
    for (String arg : inv.rest()) {
      if (arg.startsWith("-")) {
        continue;
      }
      if (!installSeen) {
        installSeen = arg.equals("install");
        continue;
      }
      String[] parts = arg.split("=", 2);
      String pkg = parts[0];
      if (pkg.equals(CONTAINERD) && host.distroIndex()) {
        wantedContainerd = true;
        continue;
      }
      if (!AptRepository.PACKAGES.contains(pkg) || index.isEmpty()) {
        return new Result(100, out.toString(), "E: Unable to locate package " + pkg + "\n");
      }
      Version v;
      if (parts.length == 2) {
        // apt also knows the installed version from dpkg's status file, whatever the configured
        // repository.
        Version installed = host.packageVersion(pkg);
        v = index.stream()
            .filter(x -> x.packageVersion().equals(parts[1]))
            .findFirst()
            .orElse(
                installed != null && installed.packageVersion().equals(parts[1])
                    ? installed
                    : null);
        if (v == null) {
          return new Result(
              100,
              out.toString(),
              "E: Version '" + parts[1] + "' for '" + pkg + "' was not found\n");
        }
      } else {
        v = index.get(0);
      }
      wanted.put(pkg, v);
    }
    if (wantedContainerd) {
      if (host.packages().containsKey(CONTAINERD)) {
        out.append("containerd is already the newest version (")
            .append(HostState.CONTAINERD_VERSION)
            .append(").\n");
      } else if (!yes) {
        return new Result(
            1, out.append("Do you want to continue? [Y/n] Abort.\n").toString(), "");
      } else {
        // Ubuntu's package: runc with it, and its postinst enables and starts containerd.service
        // (no config.toml).
        out.append("The following NEW packages will be installed:\n  containerd runc\n")
            .append("Setting up runc (1.1.12-0ubuntu2~22.04.1) ...\nSetting up containerd (")
            .append(HostState.CONTAINERD_VERSION)
            .append(
                ") ...\nCreated symlink /etc/systemd/system/multi-user.target.wants/containerd.service → /lib/systemd/system/containerd.service.\n");
        host.packages().put(CONTAINERD, HostState.CONTAINERD_VERSION);
        host.enabledUnits().add("containerd.service");
        host.containerdActive(true);
      }
    }
    if (wanted.isEmpty()) {
      return Result.ok(
          out.append("0 upgraded, 0 newly installed, 0 to remove and 0 not upgraded.\n")
              .toString());
    }
    List<String> upgraded = new ArrayList<>();
    List<String> downgraded = new ArrayList<>();
    List<String> fresh = new ArrayList<>();
    List<String> heldChanged = new ArrayList<>();
    for (var e : wanted.entrySet()) {
      Version installed = host.packageVersion(e.getKey());
      if (installed != null && installed.equals(e.getValue())) {
        out.append(e.getKey())
            .append(" is already the newest version (")
            .append(e.getValue().packageVersion())
            .append(").\n");
        continue;
      }
      (installed == null ? fresh : installed.compareTo(e.getValue()) < 0 ? upgraded : downgraded)
          .add(e.getKey());
      if (host.holds().contains(e.getKey())) {
        heldChanged.add(e.getKey());
      }
    }
    if (!heldChanged.isEmpty()) {
      out.append("The following held packages will be changed:\n  ")
          .append(String.join(" ", heldChanged))
          .append('\n');
    }
    if (!upgraded.isEmpty()) {
      out.append("The following packages will be upgraded:\n  ")
          .append(String.join(" ", upgraded))
          .append('\n');
    }
    if (!downgraded.isEmpty()) {
      out.append("The following packages will be DOWNGRADED:\n  ")
          .append(String.join(" ", downgraded))
          .append('\n');
    }
    if (!fresh.isEmpty()) {
      out.append("The following NEW packages will be installed:\n  ")
          .append(String.join(" ", fresh))
          .append('\n');
    }
    out.append(upgraded.size())
        .append(" upgraded, ")
        .append(fresh.size())
        .append(" newly installed, ")
        .append(downgraded.isEmpty() ? "" : downgraded.size() + " downgraded, ")
        .append("0 to remove and 0 not upgraded.\n");
    int changes = upgraded.size() + downgraded.size() + fresh.size();
    if (changes == 0) {
      return Result.ok(out.toString());
    }
    if (!heldChanged.isEmpty() && !allowHeld) {
      return new Result(
          100,
          out.toString(),
          "E: Held packages were changed and -y was used without --allow-change-held-packages.\n");
    }
    if (!downgraded.isEmpty() && !allowDowngrades) {
      return new Result(
          100,
          out.toString(),
          "E: Packages were downgraded and -y was used without --allow-downgrades.\n");
    }
    if (!yes) {
      return new Result(1, out.append("Do you want to continue? [Y/n] Abort.\n").toString(), "");
    }
    StringBuilder err = new StringBuilder();
    if (!"noninteractive".equals(inv.env().get("DEBIAN_FRONTEND"))) {
      err.append(
          "debconf: unable to initialize frontend: Dialog\ndebconf: (Dialog frontend will not work on a dumb terminal, "
              + "an emacs shell buffer, or without a controlling terminal.)\ndebconf: falling back to frontend: Readline\n");
    }
    int n = 1;
    for (var e : wanted.entrySet()) {
      Version installed = host.packageVersion(e.getKey());
      if (installed != null && installed.equals(e.getValue())) {
        continue;
      }
      String pv = e.getValue().packageVersion();
      out.append("Get:")
          .append(n++)
          .append(' ')
          .append(AptRepository.URL_PREFIX)
          .append(e.getValue().minorLabel())
          .append("/deb  ")
          .append(e.getKey())
          .append(' ')
          .append(pv)
          .append(" [10.4 MB]\n");
      out.append("Preparing to unpack .../")
          .append(e.getKey())
          .append('_')
          .append(pv)
          .append('_')
          .append(host.arch())
          .append(".deb ...\n");
      out.append("Unpacking ")
          .append(e.getKey())
          .append(" (")
          .append(pv)
          .append(')')
          .append(installed == null ? "" : " over (" + installed.packageVersion() + ")")
          .append(" ...\n");
      out.append("Setting up ").append(e.getKey()).append(" (").append(pv).append(") ...\n");
      host.packages().put(e.getKey(), pv);
      if (e.getKey().equals("kubelet")) {
        host.unitChangedOnDisk(true);
      }
    }
    return new Result(0, out.toString(), err.toString());
  }

  Result aptCache(Invocation inv) {
    List<String> a = inv.rest();
    if (a.isEmpty() || !a.get(0).equals("madison")) {
      return Result.fail(100, "E: Invalid operation " + (a.isEmpty() ? "" : a.get(0)) + "\n");
    }
    StringBuilder out = new StringBuilder();
    List<Version> index = index(inv.host());
    for (String pkg : a.subList(1, a.size())) {
      if (!AptRepository.PACKAGES.contains(pkg)) {
        continue;
      }
      for (Version v : index) {
        out.append(String.format(
            "%10s | %10s | %s%s/deb  Packages%n",
            pkg, v.packageVersion(), AptRepository.URL_PREFIX, v.minorLabel()));
      }
    }
    return Result.ok(out.toString());
  }

  Result aptMark(Invocation inv) {
    List<String> a = inv.rest();
    if (a.isEmpty()) {
      return Result.fail(100, "E: No operation specified\n");
    }
    HostState host = inv.host();
    String op = a.get(0);
    if (op.equals("showhold")) {
      return Result.ok(
          new TreeSet<>(host.holds()).stream().map(p -> p + "\n").reduce("", String::concat));
    }
    if (!op.equals("hold") && !op.equals("unhold")) {
      return Result.fail(100, "E: Invalid operation " + op + "\n");
    }
    if (!inv.root()) {
      return Result.fail(
          100,
          "E: Could not create temporary file for /var/lib/apt/extended_states - mkstemp (13: Permission denied)\n"
              + "E: Failed to write temporary StateFile /var/lib/apt/extended_states\n");
    }
    StringBuilder out = new StringBuilder();
    for (String pkg : a.subList(1, a.size())) {
      if (pkg.startsWith("-")) {
        continue;
      }
      // apt-mark knows every package of the fetched indexes, installed or not.
      if (!host.packages().containsKey(pkg)
          && !(AptRepository.PACKAGES.contains(pkg) && !index(host).isEmpty())) {
        return new Result(100, out.toString(), "E: Unable to locate package " + pkg + "\n");
      }
      if (op.equals("hold")) {
        out.append(
            host.holds().add(pkg) ? pkg + " set on hold.\n" : pkg + " was already set on hold.\n");
      } else {
        out.append(
            host.holds().remove(pkg)
                ? "Canceled hold on " + pkg + ".\n"
                : pkg + " was already not hold.\n");
      }
    }
    return Result.ok(out.toString());
  }

  Result dpkgQuery(Invocation inv) {
    String format = "${binary:Package}\t${Version}\n";
    List<String> pkgs = new ArrayList<>();
    boolean show = false;
    List<String> a = inv.rest();
    for (int i = 0; i < a.size(); i++) {
      String x = a.get(i);
      if (x.equals("-W") || x.equals("--show")) {
        show = true;
      } else if (x.equals("-f") && i + 1 < a.size()) {
        format = a.get(++i);
      } else if (x.startsWith("-f")) {
        // -f=FORMAT (what '-f='\''...'\''' becomes after quoting) and -fFORMAT both set the format.
        format = x.startsWith("-f=") ? x.substring(3) : x.substring(2);
      } else if (x.startsWith("--showformat=")) {
        format = x.substring("--showformat=".length());
      } else {
        pkgs.add(x);
      }
    }
    if (!show) {
      return Result.fail(
          2,
          "dpkg-query: error: need an action option\n\nUse --help for help about querying packages.\n");
    }
    HostState host = inv.host();
    if (pkgs.isEmpty()) {
      pkgs.addAll(host.packages().keySet());
    }
    StringBuilder out = new StringBuilder();
    StringBuilder err = new StringBuilder();
    for (String p : pkgs) {
      String version = host.packages().get(p);
      if (version == null) {
        err.append("dpkg-query: no packages found matching ").append(p).append('\n');
        continue;
      }
      out.append(unescape(format)
          .replace("${Package}", p)
          .replace("${binary:Package}", p)
          .replace("${Version}", version)
          .replace("${Status}", "install ok installed"));
    }
    return new Result(err.length() == 0 ? 0 : 1, out.toString(), err.toString());
  }

  /** dpkg-query interprets \n and \t in its format itself. */
  private static String unescape(String f) {
    return f.replace("\\n", "\n").replace("\\t", "\t");
  }
}
