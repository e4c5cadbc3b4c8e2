package dev.bosun.workflows.activities;

/** A saved and verified etcd snapshot ({@code etcdutl snapshot status -w json}). */
public record EtcdSnapshot(
    String node, String path, long hash, long revision, long totalKey, long totalSize) {}
