package dev.bosun.workflows;

/** Values of BosunOperation. */
public final class Operations {
  public static final String UPGRADE = "upgrade";
  public static final String NODE_UPGRADE = "node-upgrade";
  public static final String DRAIN = "drain";
  public static final String UNCORDON = "uncordon";
  public static final String PLAN = "plan";
  public static final String INIT = "init";
  public static final String DESTROY = "destroy";
  public static final String BACKUP = "backup";
  public static final String DRILL = "drill";
  public static final String CHECK_CERTIFICATES = "check-certificates";
  public static final String RENEW_CERTIFICATES = "renew-certificates";

  private Operations() {}
}
