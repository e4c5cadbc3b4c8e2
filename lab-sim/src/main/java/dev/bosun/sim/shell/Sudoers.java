package dev.bosun.sim.shell;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The part of sudoers(5) a node's allow-list for Bosun uses, enforced by the lab's {@code sudo}: {@code Cmnd_Alias}
 * lines, user specifications with {@code NOPASSWD:} and {@code SETENV:}, commands by full path, arguments matched
 * exactly or as a glob ({@code *} runs over spaces, as sudo's does), sudoers' backslash escapes. Checked against
 * the real sudo 1.9: a command the file does not allow is refused under {@code -n} with "a password is required"
 * (sudo asks for a password before it says "not allowed"); a {@code VAR=value} on sudo's command line needs
 * {@code SETENV}.
 */
public final class Sudoers {

  /** Where sudo's secure_path finds each program on Debian/Ubuntu: /usr/sbin for these, /usr/bin for the rest. */
  private static final Set<String> SBIN = Set.of("modprobe", "sysctl", "swapoff", "visudo");

  /**
   * Installed from a release tarball, not a package: in /usr/local/bin, first on secure_path (etcdctl and etcdutl as
   * bosun init installs them; a distribution's etcd-client would put them in /usr/bin).
   */
  private static final Set<String> LOCAL_BIN = Set.of("velero", "etcdctl", "etcdutl");

  private static final String ESCAPABLE = ",:=#\\()! ";

  /** One allowed command: its path, its arguments pattern (null: any arguments), and whether SETENV is on. */
  record Rule(String path, String argsPattern, boolean noPassword, boolean setenv) {

    boolean matches(String path, String args) {
      if (!this.path.equals(path)) {
        return false;
      }
      if (argsPattern == null) {
        return true;
      }
      if (argsPattern.equals("\"\"")) {
        return args.isEmpty();
      }
      return glob(argsPattern, 0, args, 0);
    }
  }

  private final List<Rule> rules;

  private Sudoers(List<Rule> rules) {
    this.rules = List.copyOf(rules);
  }

  /** The rules {@code text} gives {@code user}; an unsupported or malformed line is an error naming its number. */
  public static Sudoers parse(String text, String user) {
    Map<String, List<String>> aliases = new LinkedHashMap<>();
    List<Rule> rules = new ArrayList<>();
    int number = 0;
    StringBuilder logical = new StringBuilder();
    int startLine = 0;
    for (String raw : text.split("\n", -1)) {
      number++;
      String line = stripComment(raw).strip();
      if (logical.isEmpty()) {
        startLine = number;
      }
      if (line.endsWith("\\") && !line.endsWith("\\\\")) {
        logical.append(line, 0, line.length() - 1).append(' ');
        continue;
      }
      logical.append(line);
      String entry = logical.toString().strip();
      logical.setLength(0);
      if (entry.isEmpty() || entry.startsWith("Defaults")) {
        continue;
      }
      try {
        if (entry.startsWith("Cmnd_Alias ")) {
          int eq = entry.indexOf('=');
          if (eq < 0) {
            throw new IllegalArgumentException("Cmnd_Alias without '='");
          }
          aliases.put(entry.substring(11, eq).strip(), splitList(entry.substring(eq + 1)));
        } else {
          userSpec(entry, user, aliases, rules);
        }
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("sudoers line " + startLine + ": " + e.getMessage(), e);
      }
    }
    return new Sudoers(rules);
  }

  /**
   * What sudo says to {@code sudo -n [env] program args}, or null when it runs the command. {@code program} is the
   * name as typed (resolved through secure_path) or a full path.
   */
  public Result check(Map<String, String> env, List<String> command) {
    String program = command.get(0);
    String path = program.startsWith("/") ? program : resolve(program);
    String args = String.join(" ", command.subList(1, command.size()));
    Rule match = null;
    for (Rule r : rules) {
      if (r.matches(path, args)) {
        match = r; // sudoers: the last matching entry wins
      }
    }
    if (match == null || !match.noPassword()) {
      return Result.fail(1, "sudo: a password is required\n");
    }
    if (!env.isEmpty() && !match.setenv()) {
      return Result.fail(
          1,
          "sudo: sorry, you are not allowed to set the following environment variables: "
              + String.join(",", env.keySet()) + "\n");
    }
    return null;
  }

  static String resolve(String program) {
    if (LOCAL_BIN.contains(program)) {
      return "/usr/local/bin/" + program;
    }
    return (SBIN.contains(program) ? "/usr/sbin/" : "/usr/bin/") + program;
  }

  private static void userSpec(
      String entry, String user, Map<String, List<String>> aliases, List<Rule> rules) {
    int space = entry.indexOf(' ');
    int eq = entry.indexOf('=');
    if (space < 0 || eq < space) {
      throw new IllegalArgumentException(
          "not a Cmnd_Alias, Defaults or 'user host=(runas) commands' line");
    }
    if (!entry.substring(0, space).equals(user)) {
      return;
    }
    String rest = entry.substring(eq + 1).strip();
    if (rest.startsWith("(")) {
      int close = rest.indexOf(')');
      String runAs = rest.substring(1, close).strip();
      if (!runAs.equals("root") && !runAs.equals("ALL")) {
        return; // commands as another user are not what sudo -n (as root) asks for
      }
      rest = rest.substring(close + 1).strip();
    }
    boolean noPassword = false;
    boolean setenv = false;
    for (String item : splitList(rest)) {
      String cmnd = item;
      while (true) {
        int colon = tagEnd(cmnd);
        if (colon < 0) {
          break;
        }
        switch (cmnd.substring(0, colon)) {
          case "NOPASSWD" -> noPassword = true;
          case "PASSWD" -> noPassword = false;
          case "SETENV" -> setenv = true;
          case "NOSETENV" -> setenv = false;
          default ->
            throw new IllegalArgumentException("unsupported tag " + cmnd.substring(0, colon));
        }
        cmnd = cmnd.substring(colon + 1).strip();
      }
      List<String> expanded = aliases.getOrDefault(cmnd, List.of(cmnd));
      for (String c : expanded) {
        rules.add(rule(c, noPassword, setenv));
      }
    }
  }

  /** The end of a leading TAG: (upper-case letters then ':'), or -1. */
  private static int tagEnd(String s) {
    int i = 0;
    while (i < s.length() && Character.isUpperCase(s.charAt(i))) {
      i++;
    }
    return i > 0 && i < s.length() && s.charAt(i) == ':' ? i : -1;
  }

  private static Rule rule(String cmnd, boolean noPassword, boolean setenv) {
    if (!cmnd.startsWith("/")) {
      throw new IllegalArgumentException(
          "a command must be a full path or a Cmnd_Alias defined before it, got '" + cmnd + "'");
    }
    int space = cmnd.indexOf(' ');
    if (space < 0) {
      return new Rule(unescape(cmnd), null, noPassword, setenv);
    }
    return new Rule(
        unescape(cmnd.substring(0, space)),
        unescape(cmnd.substring(space + 1).strip()),
        noPassword,
        setenv);
  }

  /** sudoers' own escapes ({@code \,} {@code \:} {@code \=} {@code \\} {@code \#} ...); glob escapes stay. */
  static String unescape(String s) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\' && i + 1 < s.length() && ESCAPABLE.indexOf(s.charAt(i + 1)) >= 0) {
        out.append(s.charAt(++i));
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  /** Splits on commas that are not escaped. */
  private static List<String> splitList(String s) {
    List<String> items = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\' && i + 1 < s.length()) {
        cur.append(c).append(s.charAt(++i));
      } else if (c == ',') {
        items.add(cur.toString().strip());
        cur.setLength(0);
      } else {
        cur.append(c);
      }
    }
    if (!cur.toString().isBlank()) {
      items.add(cur.toString().strip());
    }
    return items;
  }

  private static String stripComment(String line) {
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (c == '\\') {
        i++;
      } else if (c == '#') {
        return line.substring(0, i);
      }
    }
    return line;
  }

  /** fnmatch(3) without flags: {@code *} any run (spaces and slashes too), {@code ?}, {@code [...]}, {@code \x}. */
  static boolean glob(String p, int pi, String s, int si) {
    while (pi < p.length()) {
      char c = p.charAt(pi);
      switch (c) {
        case '*' -> {
          for (int k = si; k <= s.length(); k++) {
            if (glob(p, pi + 1, s, k)) {
              return true;
            }
          }
          return false;
        }
        case '?' -> {
          if (si >= s.length()) {
            return false;
          }
          pi++;
          si++;
        }
        case '[' -> {
          int end = classEnd(p, pi);
          if (end < 0) {
            if (si >= s.length() || s.charAt(si) != '[') {
              return false;
            }
            pi++;
            si++;
          } else {
            if (si >= s.length() || !inClass(p.substring(pi + 1, end), s.charAt(si))) {
              return false;
            }
            pi = end + 1;
            si++;
          }
        }
        case '\\' -> {
          if (pi + 1 < p.length()) {
            pi++;
          }
          if (si >= s.length() || s.charAt(si) != p.charAt(pi)) {
            return false;
          }
          pi++;
          si++;
        }
        default -> {
          if (si >= s.length() || s.charAt(si) != c) {
            return false;
          }
          pi++;
          si++;
        }
      }
    }
    return si == s.length();
  }

  private static int classEnd(String p, int open) {
    int i = open + 1;
    if (i < p.length() && (p.charAt(i) == '!' || p.charAt(i) == '^')) {
      i++;
    }
    if (i < p.length() && p.charAt(i) == ']') {
      i++;
    }
    while (i < p.length() && p.charAt(i) != ']') {
      i++;
    }
    return i < p.length() ? i : -1;
  }

  private static boolean inClass(String body, char ch) {
    boolean negate = !body.isEmpty() && (body.charAt(0) == '!' || body.charAt(0) == '^');
    String set = negate ? body.substring(1) : body;
    boolean found = false;
    for (int i = 0; i < set.length(); i++) {
      if (i + 2 < set.length() && set.charAt(i + 1) == '-') {
        if (ch >= set.charAt(i) && ch <= set.charAt(i + 2)) {
          found = true;
        }
        i += 2;
      } else if (set.charAt(i) == ch) {
        found = true;
      }
    }
    return found != negate;
  }
}
