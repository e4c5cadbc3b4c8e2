package dev.bosun.workflows.activities;

/**
 * {@code velero install} on a scratch cluster's first control plane, and its BackupStorageLocation made ReadOnly.
 * References only: {@code credentialsFile} is a path on the worker; its bytes go to a 0600 temp file on the node.
 *
 * @param namespace Velero's namespace ({@code velero})
 * @param storageLocation the BSL {@code velero install} creates ({@code default})
 * @param plugins the object-store plugin image
 * @param bucket the scratch bucket's S3 name
 * @param region the S3 region
 * @param s3Url the S3 endpoint as the node reaches it
 * @param credentialsFile the worker-side path of the S3 credentials file
 */
public record VeleroInstall(
    String namespace,
    String storageLocation,
    String plugins,
    String bucket,
    String region,
    String s3Url,
    String credentialsFile) {}
