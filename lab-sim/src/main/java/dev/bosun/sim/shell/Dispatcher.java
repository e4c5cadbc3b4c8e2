package dev.bosun.sim.shell;

import dev.bosun.sim.host.HostState;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The simulated shell: runs a command line (see {@link CommandLine}) on one host, handling sudo -n,
 * VAR=value prefixes, pipes, &&/|| and redirections, and hands each simple command to its program.
 */
public final class Dispatcher {

  private static final Pattern ASSIGNMENT =
      Pattern.compile("[A-Za-z_][A-Za-z0-9_]*=.*", Pattern.DOTALL);
  private static final String SUDO_PASSWORD = "sudo: a password is required\n";

  private final Map<String, HostCommand> programs = new HashMap<>();
  private final Map<HostState.Platform, LineShell> shells = new HashMap<>();
  private final Object lock;
  private final CommandInterceptor interceptor;
  private volatile Sudoers sudoers;

  public Dispatcher(Object lock, CommandInterceptor interceptor) {
    this.lock = lock;
    this.interceptor = interceptor;
  }

  /** Enforce this allow-list for every {@code sudo} (null: the lab's user may run anything as root). */
  public Dispatcher sudoers(Sudoers allowList) {
    this.sudoers = allowList;
    return this;
  }

  public Dispatcher register(String name, HostCommand program) {
    programs.put(name, program);
    return this;
  }

  /** A host platform whose login shell is not POSIX (Windows: cmd.exe) gets the whole line; faults still apply to it. */
  public Dispatcher shell(HostState.Platform platform, LineShell shell) {
    shells.put(platform, shell);
    return this;
  }

  public Result run(HostState host, String line) throws InterruptedException {
    return run(host, line, () -> "");
  }

  /**
   * Runs a command line whose session has {@code sessionStdin} (an SSH exec's input, as sshd hands it to the
   * command): the first command of the line that reads stdin gets it ({@code tee}, {@code cat}
   * without files). Read lazily, so a command that reads no stdin never waits for the client to close it.
   */
  public Result run(HostState host, String line, java.util.function.Supplier<String> sessionStdin)
      throws InterruptedException {
    LineShell own = shells.get(host.platform());
    if (own != null) {
      Result injected = interceptor.before(host.name(), line);
      if (injected != null) {
        return injected;
      }
      Result r;
      synchronized (lock) {
        r = own.run(host, line);
      }
      return interceptor.after(host.name(), line, r);
    }
    String[] once = {null};
    java.util.function.Supplier<String> sessionOnce = () -> {
      // one reader gets the session's input; later ones find it at its end, as with a real pipe
      if (once[0] != null) {
        return "";
      }
      once[0] = sessionStdin.get();
      return once[0];
    };
    List<CommandLine.Step> steps;
    try {
      steps = CommandLine.parse(line);
    } catch (ShellSyntaxException e) {
      return Result.fail(2, e.getMessage() + "\n");
    }
    StringBuilder out = new StringBuilder();
    StringBuilder err = new StringBuilder();
    int exit = 0;
    boolean binary = false; // a step printed raw bytes (rclone cat): the line's output stays bytes
    String[] cwd = {null}; // cd changes it for the rest of the line, exported to programs as PWD
    for (CommandLine.Step step : steps) {
      if ("&&".equals(step.connector()) && exit != 0
          || "||".equals(step.connector()) && exit == 0) {
        continue;
      }
      String stdin =
          null; // the session's input, for the first command that reads it (mkdir -p d && tee d/f)
      Result last = null;
      for (int i = 0; i < step.pipeline().size(); i++) {
        CommandLine.Simple simple = step.pipeline().get(i);
        Result r = runSimple(host, simple, stdin, sessionOnce, cwd);
        String stdout = r.stdout();
        String stderr = r.stderr();
        if (simple.stderrToStdout()) {
          stdout = stdout + stderr;
          stderr = "";
        }
        if (simple.stderrTo() != null) {
          Result w = redirect(host, simple.stderrTo(), stderr);
          stderr = w == null ? "" : w.stderr();
        }
        if (simple.stdoutTo() != null) {
          Result w = redirect(host, simple.stdoutTo(), stdout);
          if (w != null) {
            r = w;
          }
          stdout = "";
        }
        err.append(stderr);
        stdin = stdout;
        last = new Result(r.exitCode(), stdout, "", r.binary() && simple.stdoutTo() == null);
      }
      out.append(last.stdout());
      binary |= last.binary();
      exit = last.exitCode();
    }
    return new Result(exit, out.toString(), err.toString(), binary);
  }

  /** tee, cat without file arguments and rclone rcat read their standard input. */
  private static boolean readsStdin(List<String> args) {
    String name = args.get(0);
    return name.equals("tee")
        || name.equals("rclone") && args.contains("rcat")
        || name.equals("gpg") && !args.contains("--version")
        || name.equals("cat")
            && args.stream().skip(1).allMatch(a -> a.startsWith("-") && !a.equals("-"))
        || name.equals("cat") && args.contains("-");
  }

  /** Redirection is done by the user's own shell (not sudo): only /dev/null, /tmp and the home directory are writable. */
  private Result redirect(HostState host, String path, String content) {
    if (path.equals("/dev/null")) {
      return null;
    }
    if (!(path.startsWith("/tmp/") || path.startsWith("/home/bosun/"))) {
      return Result.fail(1, "bash: " + path + ": Permission denied\n");
    }
    synchronized (lock) {
      host.files().put(path, content);
    }
    return null;
  }

  private Result runSimple(
      HostState host,
      CommandLine.Simple simple,
      String pipedStdin,
      java.util.function.Supplier<String> sessionStdin,
      String[] cwd)
      throws InterruptedException {
    List<String> words = simple.words();
    Map<String, String> env = new LinkedHashMap<>();
    int i = takeAssignments(words, 0, env);
    boolean root = false;
    if (i < words.size() && words.get(i).equals("sudo")) {
      i++;
      boolean nonInteractive = false;
      while (i < words.size() && words.get(i).startsWith("-")) {
        if (!words.get(i).equals("-n")) {
          return Result.fail(1, "sudo: unsupported option in the lab: " + words.get(i) + "\n");
        }
        nonInteractive = true;
        i++;
      }
      if (!nonInteractive) {
        // No TTY on an exec channel: sudo cannot prompt, so the lab insists on -n like Bosun's
        // contract.
        return Result.fail(
            1,
            "sudo: a terminal is required to read the password; either use the -S option to read from "
                + "standard input or configure an askpass helper\n" + SUDO_PASSWORD);
      }
      if (i >= words.size()) {
        return Result.fail(1, "usage: sudo -h | -K | -k | -V\n");
      }
      root = true;
      env.clear(); // sudo's env_reset: assignments before sudo do not reach the command
      i = takeAssignments(words, i, env);
    }
    if (i >= words.size()) {
      return Result.ok("");
    }
    List<String> args = words.subList(i, words.size());
    Map<String, String> sudoEnv =
        root ? Map.copyOf(env) : Map.of(); // what sudo's command line sets
    if (args.get(0).equals("cd") && !root) {
      return cd(host, args, cwd);
    }
    if (cwd[0] != null) {
      env.put("PWD", cwd[0]);
    }
    Result injected = interceptor.before(host.name(), String.join(" ", args));
    if (injected != null) {
      return injected;
    }
    HostCommand program = programs.get(args.get(0));
    if (program == null) {
      if (root) {
        return Result.fail(1, "sudo: " + args.get(0) + ": command not found\n");
      }
      return Result.fail(127, "bash: " + args.get(0) + ": command not found\n");
    }
    Sudoers allowList = sudoers;
    if (root && allowList != null) {
      Result refused = allowList.check(sudoEnv, args);
      if (refused != null) {
        return refused;
      }
    }
    String stdin = pipedStdin != null ? pipedStdin : readsStdin(args) ? sessionStdin.get() : "";
    Result result;
    synchronized (lock) {
      result = program.run(new Invocation(host, root, Map.copyOf(env), List.copyOf(args), stdin));
    }
    return interceptor.after(host.name(), String.join(" ", args), result);
  }

  /** The shell's own cd: to an existing directory (one holding files, or made by mkdir), for the rest of the line. */
  private Result cd(HostState host, List<String> args, String[] cwd) {
    String dir = args.size() > 1 ? args.get(1) : "/home/bosun";
    String d = dir.endsWith("/") && dir.length() > 1 ? dir.substring(0, dir.length() - 1) : dir;
    boolean exists;
    synchronized (lock) {
      exists = d.equals("/")
          || d.equals("/tmp")
          || d.equals("/home/bosun")
          || host.files().keySet().stream().anyMatch(k -> k.startsWith(d + "/"));
    }
    if (!exists) {
      return Result.fail(1, "bash: cd: " + dir + ": No such file or directory\n");
    }
    cwd[0] = d;
    return Result.ok("");
  }

  private static int takeAssignments(List<String> words, int from, Map<String, String> env) {
    int i = from;
    while (i < words.size() && ASSIGNMENT.matcher(words.get(i)).matches()) {
      String w = words.get(i);
      int eq = w.indexOf('=');
      env.put(w.substring(0, eq), w.substring(eq + 1));
      i++;
    }
    return i;
  }
}
