package dev.bosun.workflows.activities;

import java.util.List;

/**
 * One backup's off-host copy, after the copy or after its verification.
 *
 * @param location where the copy is ({@code nas:lab1/<backup>}, or the restic repository)
 * @param files the copied files with their sizes and checksums (Velero's objects, then the staged files)
 * @param transfers files the tool transferred in this run (0 on a retry that found everything there)
 * @param verified true once {@code rclone check} / {@code restic check} passed
 * @param snapshotId restic: the snapshot holding the copy; null for rclone
 * @param notes what the tool reported besides success (hashes it could not check, ...)
 */
public record OffHostCopy(
    String tool,
    String backupName,
    String location,
    List<CopiedFile> files,
    long bytes,
    long transfers,
    boolean verified,
    String snapshotId,
    List<String> notes) {

  public OffHostCopy {
    files = files == null ? List.of() : List.copyOf(files);
    notes = notes == null ? List.of() : List.copyOf(notes);
  }

  /** One file of the copy: its path under the copy, size, and a checksum (type:hex). */
  public record CopiedFile(String path, long size, String checksum) {}
}
