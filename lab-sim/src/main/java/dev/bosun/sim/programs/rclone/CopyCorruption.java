package dev.bosun.sim.programs.rclone;

import dev.bosun.sim.LabState;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The {@code corruptCopy} fault: bit rot in an off-host copy after it was verified (the drill's negative control).
 * Armed for a folder of a host; the next {@code bosun-verified.json} that rclone writes under it (or, when armed,
 * the newest one already there) has one byte of its copy flipped: the largest file under {@code velero/} (Velero's
 * tarball), else the largest other file. Same size, so only the MD5 tells: {@code rclone check} says {@code md5
 * differ}. Once; the corrupted files are listed in {@link LabState#corruptedCopies()}.
 */
public final class CopyCorruption {

  static final String MARKER = "bosun-verified.json";

  private CopyCorruption() {}

  /** Arms the fault for {@code hostPath} on {@code host} (callers hold the lab lock). */
  public static void arm(LabState state, String host, String hostPath) {
    Path folder = state.disk().real(host, hostPath);
    Optional<Path> newest = markers(folder).max(Comparator.comparing(CopyCorruption::modified));
    if (newest.isPresent()) {
      corrupt(state, newest.get().getParent());
    } else {
      state.corruptCopyArmed().add(folder);
    }
  }

  /** After rclone wrote {@code target}: a marker under an armed folder fires the fault. */
  static void afterWrite(LabState state, RcloneFs target) {
    if (!target.name().equals(MARKER)) {
      return;
    }
    Path written = target.realPath();
    for (Path armed : state.corruptCopyArmed()) {
      if (written.startsWith(armed)) {
        state.corruptCopyArmed().remove(armed);
        corrupt(state, written.getParent());
        return;
      }
    }
  }

  private static void corrupt(LabState state, Path copy) {
    Path victim = largest(copy.resolve("velero")).or(() -> largest(copy)).orElse(null);
    if (victim == null) {
      return;
    }
    flipMiddleByte(victim);
    state.corruptedCopies().add(victim);
  }

  /** The rot itself: the byte in the middle of the file inverted, its size unchanged. */
  public static void flipMiddleByte(Path file) {
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
      long at = f.length() / 2;
      f.seek(at);
      int b = f.read();
      f.seek(at);
      f.write(b ^ 0xFF);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Optional<Path> largest(Path dir) {
    if (!Files.isDirectory(dir)) {
      return Optional.empty();
    }
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(Files::isRegularFile)
          .filter(p -> !p.getFileName().toString().equals(MARKER))
          .filter(p -> size(p) > 0)
          .max(Comparator.comparingLong(CopyCorruption::size));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Stream<Path> markers(Path folder) {
    if (!Files.isDirectory(folder)) {
      return Stream.empty();
    }
    try (Stream<Path> s = Files.walk(folder, 2)) {
      return s.filter(p -> p.getFileName().toString().equals(MARKER)).toList().stream();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static long size(Path p) {
    try {
      return Files.size(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static java.nio.file.attribute.FileTime modified(Path p) {
    try {
      return Files.getLastModifiedTime(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
