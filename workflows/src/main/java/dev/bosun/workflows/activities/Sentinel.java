package dev.bosun.workflows.activities;

/**
 * The sentinel written into the cluster before a backup, so that a restore can tell fresh from stale.
 *
 * @param payloadSha256 hex SHA-256 of the sentinel's payload (the ConfigMap's {@code payload} key)
 */
public record Sentinel(
    String namespace, String name, String uuid, long writtenAtMillis, String payloadSha256) {

  public static final String NAMESPACE = "bosun-sentinel";
  public static final String NAME = "sentinel";
}
