package dev.bosun.sim.programs;

import dev.bosun.sim.shell.Invocation;
import dev.bosun.sim.shell.Result;
import java.util.List;

/** cat, test, tee, echo, hostname, uname: with root-only files where a kubeadm host has them. */
final class CoreUtils {

  /** Files kubeadm writes 0600 root, or under 0700 root directories. */
  static boolean rootOnly(String path) {
    return path.startsWith("/etc/kubernetes/") && !path.equals("/etc/kubernetes/kubelet.conf")
        || path.startsWith("/var/backups/")
        || path.startsWith("/var/lib/etcd");
  }

  /** Paths only root may write. */
  static boolean writableBy(Invocation inv, String path) {
    return inv.root()
        || path.startsWith("/tmp/")
        || path.startsWith("/home/bosun/")
        || !path.startsWith("/");
  }

  /** mkdir [-p] DIR...: a directory is an entry ending in "/", so cd and test -d find it before any file is in it. */
  Result mkdir(Invocation inv) {
    StringBuilder err = new StringBuilder();
    for (String d : inv.rest()) {
      if (d.startsWith("-")) {
        continue;
      }
      if (!writableBy(inv, d)) {
        err.append("mkdir: cannot create directory '").append(d).append("': Permission denied\n");
        continue;
      }
      inv.host().files().putIfAbsent(d.endsWith("/") ? d : d + "/", "");
    }
    return new Result(err.length() == 0 ? 0 : 1, "", err.toString());
  }

  /**
   * {@code mktemp TEMPLATE}: a new empty file, the template's trailing X's (at least 3) replaced by random letters and
   * digits; prints its path, as coreutils does (mode 0600 there; the sim keeps no modes).
   */
  Result mktemp(Invocation inv) {
    List<String> a = inv.rest().stream().filter(x -> !x.startsWith("-")).toList();
    String template = a.isEmpty() ? "/tmp/tmp.XXXXXXXXXX" : a.get(0);
    int xs = template.length() - template.replaceFirst("X+$", "").length();
    if (xs < 3) {
      return Result.fail(1, "mktemp: too few X's in template '" + template + "'\n");
    }
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    java.util.concurrent.ThreadLocalRandom random =
        java.util.concurrent.ThreadLocalRandom.current();
    String path;
    do {
      StringBuilder b = new StringBuilder(template.substring(0, template.length() - xs));
      for (int i = 0; i < xs; i++) {
        b.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      path = b.toString();
    } while (inv.host().files().containsKey(path) || inv.host().files().containsKey(path + "/"));
    if (!writableBy(inv, path)) {
      return Result.fail(
          1, "mktemp: failed to create file via template '" + template + "': Permission denied\n");
    }
    // -d: a directory, an entry ending in "/" (as mkdir makes it)
    inv.host().files().put(inv.has("-d") ? path + "/" : path, "");
    return Result.ok(path + "\n");
  }

  /** {@code umask [MODE]}: bash's builtin; the sim keeps no file modes, so it only checks the octal mode. */
  Result umask(Invocation inv) {
    List<String> a = inv.rest();
    if (a.isEmpty()) {
      return Result.ok("0022\n");
    }
    if (!a.get(0).matches("[0-7]{1,4}")) {
      return Result.fail(1, "bash: umask: " + a.get(0) + ": octal number out of range\n");
    }
    return Result.ok("");
  }

  /** rm [-f] FILE...: a missing file is an error only without -f. */
  Result rm(Invocation inv) {
    boolean force = inv.has("-f") || inv.has("-rf");
    StringBuilder err = new StringBuilder();
    for (String f : inv.rest()) {
      if (f.startsWith("-")) {
        continue;
      }
      if (!writableBy(inv, f)) {
        err.append("rm: cannot remove '").append(f).append("': Permission denied\n");
      } else if (inv.host().files().remove(f) == null && !force) {
        err.append("rm: cannot remove '").append(f).append("': No such file or directory\n");
      }
    }
    return new Result(err.length() == 0 ? 0 : 1, "", err.toString());
  }

  /** {@code sha256sum FILE...}: "HEX  FILE" per file, as coreutils prints it. */
  Result sha256sum(Invocation inv) {
    StringBuilder out = new StringBuilder();
    StringBuilder err = new StringBuilder();
    for (String f : inv.rest().stream().filter(a -> !a.startsWith("-")).toList()) {
      String content = readable(inv, f, "sha256sum", err);
      if (content != null) {
        out.append(sha256(content.getBytes(java.nio.charset.StandardCharsets.UTF_8)))
            .append("  ")
            .append(f)
            .append('\n');
      }
    }
    return new Result(err.length() == 0 ? 0 : 1, out.toString(), err.toString());
  }

  /** {@code base64 [-w0] FILE}: the file's bytes in base64 (76-column lines unless -w0). */
  Result base64(Invocation inv) {
    List<String> files = inv.rest().stream().filter(a -> !a.startsWith("-")).toList();
    StringBuilder err = new StringBuilder();
    String content = files.isEmpty() ? inv.stdin() : readable(inv, files.get(0), "base64", err);
    if (content == null) {
      return new Result(1, "", err.toString());
    }
    byte[] bytes = content.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    String encoded = inv.rest().contains("-w0")
        ? java.util.Base64.getEncoder().encodeToString(bytes)
        : java.util.Base64.getMimeEncoder(
                    76, "\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                .encodeToString(bytes)
            + "\n";
    return Result.ok(encoded);
  }

  private String readable(Invocation inv, String f, String tool, StringBuilder err) {
    String content = inv.host().files().get(f);
    if (content == null) {
      err.append(tool).append(": ").append(f).append(": No such file or directory\n");
      return null;
    }
    if (rootOnly(f) && !inv.root()) {
      err.append(tool).append(": ").append(f).append(": Permission denied\n");
      return null;
    }
    return content;
  }

  static String sha256(byte[] bytes) {
    try {
      return java.util.HexFormat.of()
          .formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * mv SRC... DEST: DEST a directory (ends in "/" or has entries under it) takes each SRC by its name; else one SRC is
   * renamed to DEST. What the kubeadm docs do to restart a static pod: move its manifest out and back.
   */
  Result mv(Invocation inv) {
    List<String> a = inv.rest().stream().filter(x -> !x.startsWith("-")).toList();
    if (a.size() < 2) {
      return Result.fail(
          1, "mv: missing destination file operand after '" + String.join(" ", a) + "'\n");
    }
    String dest = a.get(a.size() - 1);
    String dir = dest.endsWith("/") ? dest : dest + "/";
    boolean isDir = inv.host().files().keySet().stream().anyMatch(k -> k.startsWith(dir));
    if (a.size() > 2 && !isDir) {
      return Result.fail(1, "mv: target '" + dest + "': Not a directory\n");
    }
    StringBuilder err = new StringBuilder();
    for (String src : a.subList(0, a.size() - 1)) {
      String to = isDir ? dir + src.substring(src.lastIndexOf('/') + 1) : dest;
      if (!writableBy(inv, src) || !writableBy(inv, to)) {
        err.append("mv: cannot move '")
            .append(src)
            .append("' to '")
            .append(to)
            .append("': Permission denied\n");
      } else if (!inv.host().files().containsKey(src)) {
        err.append("mv: cannot stat '").append(src).append("': No such file or directory\n");
      } else {
        inv.host().files().put(to, inv.host().files().remove(src));
      }
    }
    return new Result(err.length() == 0 ? 0 : 1, "", err.toString());
  }

  /** cp [-p] SRC DEST: one file (the lab keeps no modes or times, so -p changes nothing). */
  Result cp(Invocation inv) {
    List<String> a = inv.rest().stream().filter(x -> !x.startsWith("-")).toList();
    if (a.size() != 2) {
      return Result.fail(1, "cp: the lab copies one file: cp [-p] SRC DEST\n");
    }
    String src = a.get(0);
    String dest = a.get(1);
    String content = inv.host().files().get(src);
    if (content == null) {
      return Result.fail(1, "cp: cannot stat '" + src + "': No such file or directory\n");
    }
    if ((rootOnly(src) || src.startsWith("/var/lib/bosun/")) && !inv.root()
        || !writableBy(inv, dest)) {
      return Result.fail(1, "cp: cannot create regular file '" + dest + "': Permission denied\n");
    }
    inv.host().files().put(dest, content);
    return Result.ok("");
  }

  Result cat(Invocation inv) {
    List<String> files =
        inv.rest().stream().filter(a -> !a.startsWith("-") || a.equals("-")).toList();
    if (files.isEmpty()) {
      return Result.ok(inv.stdin());
    }
    StringBuilder out = new StringBuilder();
    StringBuilder err = new StringBuilder();
    int exit = 0;
    for (String f : files) {
      String content = inv.host().files().get(f);
      if (content == null) {
        err.append("cat: ").append(f).append(": No such file or directory\n");
        exit = 1;
      } else if (rootOnly(f) && !inv.root()) {
        err.append("cat: ").append(f).append(": Permission denied\n");
        exit = 1;
      } else {
        out.append(content);
      }
    }
    return new Result(exit, out.toString(), err.toString());
  }

  Result test(Invocation inv) {
    List<String> a = inv.rest();
    if (a.size() == 2
        && (a.get(0).equals("-f") || a.get(0).equals("-e") || a.get(0).equals("-s"))) {
      String content = inv.host().files().get(a.get(1));
      boolean ok = content != null && (!a.get(0).equals("-s") || !content.isEmpty());
      return new Result(ok ? 0 : 1, "", "");
    }
    if (a.size() == 2 && a.get(0).equals("-d")) {
      String dir = a.get(1).endsWith("/") ? a.get(1) : a.get(1) + "/";
      boolean ok = List.of("/etc/", "/tmp/", "/var/backups/", "/etc/kubernetes/", "/home/bosun/")
              .contains(dir)
          || inv.host().files().keySet().stream().anyMatch(k -> k.startsWith(dir));
      return new Result(ok ? 0 : 1, "", "");
    }
    return Result.fail(
        2, "bash: test: unsupported expression in the lab: " + String.join(" ", a) + "\n");
  }

  Result tee(Invocation inv) {
    boolean append = inv.has("-a") || inv.has("--append");
    StringBuilder err = new StringBuilder();
    int exit = 0;
    for (String f : inv.rest()) {
      if (f.startsWith("-")) {
        continue;
      }
      if (!writableBy(inv, f)) {
        err.append("tee: ").append(f).append(": Permission denied\n");
        exit = 1;
        continue;
      }
      String before = append ? inv.host().files().getOrDefault(f, "") : "";
      inv.host().files().put(f, before + inv.stdin());
    }
    return new Result(exit, inv.stdin(), err.toString());
  }

  Result echo(Invocation inv) {
    List<String> a = inv.rest();
    boolean newline = true;
    if (!a.isEmpty() && a.get(0).equals("-n")) {
      newline = false;
      a = a.subList(1, a.size());
    }
    return Result.ok(String.join(" ", a) + (newline ? "\n" : ""));
  }

  Result hostname(Invocation inv) {
    return Result.ok(inv.host().name() + "\n");
  }

  Result uname(Invocation inv) {
    if (inv.has("-m")) {
      return Result.ok(inv.host().unameMachine() + "\n");
    }
    if (inv.has("-r")) {
      return Result.ok("5.15.0-119-generic\n");
    }
    return Result.ok("Linux\n");
  }
}
