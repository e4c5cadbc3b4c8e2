package dev.bosun.workflows.activities;

/**
 * A file fetched off a node onto the worker, checksum-verified, waiting for the off-host copy.
 *
 * @param name the file name in the copy ({@code etcd/<name>})
 * @param localPath where it is on the worker
 */
public record StagedFile(
    String node, String remotePath, String name, String localPath, long bytes, String sha256) {}
