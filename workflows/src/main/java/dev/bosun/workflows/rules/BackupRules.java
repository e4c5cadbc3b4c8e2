package dev.bosun.workflows.rules;

import dev.bosun.workflows.activities.OffHostTarget;
import dev.bosun.workflows.activities.VeleroBackupRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The rules of the backup's settings, each naming the inventory field it is about: one implementation for the
 * inventory reader, the workflow's check before any side effect, and the activities' own input checks.
 */
public final class BackupRules {

  public static final String TOOL_RULE = "is not a supported copy tool: must be rclone or restic";
  public static final String LOCAL_PATH_RULE =
      "must be an absolute path or one under ~/ on the worker (a path, never the file's content)";
  public static final String LABEL_VALUE_RULE =
      "must be a label value: at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit";
  public static final String LABEL_KEY_RULE =
      "must be a label key: [prefix/]name, the name at most 63 letters, digits, '-', '_' or '.'";
  public static final String TTL_RULE = "must be a duration of at least 1 minute (e.g. 720h)";

  private static final Pattern LABEL_VALUE =
      Pattern.compile("([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?");
  private static final Pattern LABEL_NAME =
      Pattern.compile("[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?");
  private static final Pattern BACKUP_NAME = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");

  private BackupRules() {}

  /** Null when {@code tool} is rclone or restic. */
  public static String toolProblem(String tool) {
    return "rclone".equals(tool) || "restic".equals(tool) ? null : TOOL_RULE;
  }

  /** Null when {@code key} is a Kubernetes label key. */
  public static String labelKeyProblem(String key) {
    if (key == null || key.isEmpty()) {
      return LABEL_KEY_RULE;
    }
    int slash = key.indexOf('/');
    String name = slash < 0 ? key : key.substring(slash + 1);
    String prefix = slash < 0 ? null : key.substring(0, slash);
    boolean ok = LABEL_NAME.matcher(name).matches()
        && (prefix == null || (Syntax.isHostname(prefix) && prefix.length() <= 253));
    return ok ? null : LABEL_KEY_RULE;
  }

  /** Null when {@code value} is a Kubernetes label value. */
  public static String labelValueProblem(String value) {
    return value != null && LABEL_VALUE.matcher(value).matches() ? null : LABEL_VALUE_RULE;
  }

  /**
   * Null when {@code name} is a backup name: an RFC 1123 label, so it is safe as a Velero object name and as a
   * folder under the staging directory and the destination (never {@code ..} or a path).
   */
  public static String backupNameProblem(String name) {
    return name != null && BACKUP_NAME.matcher(name).matches()
        ? null
        : "backup name " + Syntax.LABEL_RULE;
  }

  /** Every problem of an off-host target, each as "backup.offHost.FIELD RULE"; empty when it is fine. */
  public static List<String> problems(OffHostTarget t) {
    List<String> p = new ArrayList<>();
    add(p, "backup.offHost.tool", toolProblem(t.tool()));
    add(p, "backup.offHost.source", RemoteRule.problem(t.source()));
    add(p, "backup.offHost.destination", RemoteRule.problem(t.destination()));
    if (t.rcloneConfig() != null && !Syntax.isLocalPath(t.rcloneConfig())) {
      p.add("backup.offHost.rcloneConfig " + LOCAL_PATH_RULE);
    }
    if (!Syntax.isLocalPath(t.stagingDir()) || !Syntax.isSafeText(t.stagingDir())) {
      p.add(
          "backup.offHost.stagingDir " + LOCAL_PATH_RULE + ", without spaces or shell characters");
    }
    if (t.runOn() != null) {
      // "~" would be the worker's home, not the host's: paths there are spelled out
      if (t.stagingDir() != null && !t.stagingDir().startsWith("/")) {
        p.add(
            "backup.offHost.stagingDir must be an absolute path when backup.offHost.runOn is set");
      }
      if (t.rcloneConfig() != null && !t.rcloneConfig().startsWith("/")) {
        p.add(
            "backup.offHost.rcloneConfig must be an absolute path when backup.offHost.runOn is set");
      }
    }
    if (t.restic() && !Syntax.isEnvName(t.passwordEnv())) {
      p.add(
          "backup.offHost.passwordEnv must name the environment variable that holds the restic password"
              + " (letters, digits and '_')");
    }
    return p;
  }

  /** Every problem of a Velero Backup request, each naming its inventory field; empty when it is fine. */
  public static List<String> problems(VeleroBackupRequest r) {
    List<String> p = new ArrayList<>();
    if (!Syntax.isLabel(r.veleroNamespace())) {
      p.add("backup.velero.namespace " + Syntax.LABEL_RULE);
    }
    if (!Syntax.isLabel(r.storageLocation())) {
      p.add("backup.velero.storageLocation " + Syntax.LABEL_RULE);
    }
    if (backupNameProblem(r.name()) != null) {
      p.add(backupNameProblem(r.name()));
    }
    for (String ns : r.includedNamespaces()) {
      if (!Syntax.isLabel(ns)) {
        p.add("backup.velero.includeNamespaces (" + ns + ") " + Syntax.LABEL_RULE);
      }
    }
    for (String ns : r.excludedNamespaces()) {
      if (!Syntax.isLabel(ns)) {
        p.add("backup.velero.excludeNamespaces (" + ns + ") " + Syntax.LABEL_RULE);
      }
    }
    for (Map.Entry<String, String> e : r.selector().entrySet()) {
      add(p, "backup.velero.selector key (" + e.getKey() + ")", labelKeyProblem(e.getKey()));
      add(p, "backup.velero.selector." + e.getKey(), labelValueProblem(e.getValue()));
    }
    return p;
  }

  private static void add(List<String> p, String field, String problem) {
    if (problem != null) {
      p.add(field + " " + problem);
    }
  }
}
