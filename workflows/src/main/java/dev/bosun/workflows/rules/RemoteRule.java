package dev.bosun.workflows.rules;

/**
 * An off-host copy's source or destination as rclone or restic names it ({@code nas:lab1-velero},
 * {@code s3:https://minio.lab/velero}). A connection string ({@code :s3,secret_access_key=…:bucket}) or a
 * URL with a password would put the credentials into the workflow history: refused, never quoted.
 */
public final class RemoteRule {

  private RemoteRule() {}

  /** Null when {@code remote} passes, else what is wrong with it, never quoting it. */
  public static String problem(String remote) {
    if (remote == null || remote.isEmpty()) {
      return "is empty: REMOTE:PATH (rclone) or a repository (restic)";
    }
    if (remote.contains("=")) {
      return "has key=value parameters (an rclone connection string): they hold credentials and would be stored in"
          + " plain text in the workflow history; configure the remote in rclone.conf (or RCLONE_CONFIG_* variables on"
          + " the worker) and name it here";
    }
    if (UrlRule.hasCredentials(remote)) {
      return UrlRule.CREDENTIALS;
    }
    if (!Syntax.isSafeText(remote)) {
      return "is not a valid remote: REMOTE:PATH (rclone) or a repository (restic), with no spaces or shell characters";
    }
    return null;
  }
}
