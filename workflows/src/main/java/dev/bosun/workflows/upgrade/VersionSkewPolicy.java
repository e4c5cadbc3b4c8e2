package dev.bosun.workflows.upgrade;

import dev.bosun.workflows.model.KubeVersion;

/**
 * kubeadm's version skew rule for an upgrade: one minor at a time, never down. A refusal names the
 * allowed next step.
 */
public final class VersionSkewPolicy {

  public enum Kind {
    UPGRADE,
    SAME,
    DOWNGRADE,
    SKIPS_MINOR,
    MAJOR_CHANGE
  }

  public record Verdict(Kind kind, String message) {
    public boolean allowed() {
      return kind == Kind.UPGRADE || kind == Kind.SAME;
    }
  }

  private VersionSkewPolicy() {}

  public static Verdict check(KubeVersion current, KubeVersion target) {
    String arrow = current + " → " + target;
    int cmp = target.compareTo(current);
    if (cmp == 0) {
      return new Verdict(Kind.SAME, "already at " + target + ": nothing to do");
    }
    if (cmp < 0) {
      return new Verdict(
          Kind.DOWNGRADE,
          arrow
              + " is a downgrade: kubeadm cannot downgrade a cluster (restore an etcd snapshot taken at "
              + target.minorLabel() + " instead)");
    }
    if (current.major() != target.major()) {
      return new Verdict(Kind.MAJOR_CHANGE, arrow + " changes the major version: not supported");
    }
    int minors = current.minorsTo(target);
    if (minors > 1) {
      String next = "v" + current.major() + "." + (current.minor() + 1);
      String skipped =
          minors == 2 ? next : next + " to v" + current.major() + "." + (target.minor() - 1);
      return new Verdict(
          Kind.SKIPS_MINOR,
          arrow + " skips " + skipped + ": upgrade to the latest " + next + " first");
    }
    return new Verdict(Kind.UPGRADE, arrow + (minors == 1 ? ": one minor up" : ": patch upgrade"));
  }
}
