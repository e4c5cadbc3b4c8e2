package dev.bosun.workflows.upgrade;

/**
 * One preflight result.
 *
 * @param severity blocker (the upgrade will not start), warning, or ok
 * @param check a short name: version-skew, nodes-ready, control-plane-versions, etcd, certificates, pdb, packages...
 */
public record PreflightFinding(String severity, String check, String message) {
  public static final String BLOCKER = "blocker";
  public static final String WARNING = "warning";
  public static final String OK = "ok";

  public boolean blocks() {
    return BLOCKER.equals(severity);
  }
}
