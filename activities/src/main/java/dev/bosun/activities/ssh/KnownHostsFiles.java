package dev.bosun.activities.ssh;

import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import net.schmizz.sshj.common.KeyType;
import net.schmizz.sshj.transport.verification.OpenSSHKnownHosts;
import net.schmizz.sshj.transport.verification.OpenSSHKnownHosts.KnownHostEntry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The parsed known_hosts files of one {@link SshPool}, shared by all its connections: a file is parsed
 * (by sshj's parser) once and again only when its size, modification time or identity changed. Parsing it
 * per connection kept one copy of every host's key per open connection (hosts x lines key objects).
 * Thread-safe: the parsed lists are immutable, a re-parse or a trust-on-first-use append replaces them.
 */
final class KnownHostsFiles {

  private static final Logger log = LoggerFactory.getLogger(KnownHostsFiles.class);

  /** What a file looked like on disk; null for a missing file. */
  private record Stamp(Object fileKey, FileTime modified, long size) {
    static Stamp of(Path file) throws IOException {
      try {
        BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
        return new Stamp(a.fileKey(), a.lastModifiedTime(), a.size());
      } catch (NoSuchFileException e) {
        return null;
      }
    }
  }

  private record Parsed(Stamp stamp, List<KnownHostEntry> entries) {}

  /** How a presented key compares with the entries for its host. */
  enum Verdict {
    ACCEPTED,
    CHANGED,
    UNKNOWN,
    UNREADABLE
  }

  private final Map<Path, Parsed> files = new ConcurrentHashMap<>();
  private final AtomicInteger parses = new AtomicInteger();

  /** The entries of {@code file} (none when it does not exist), parsed again only if it changed on disk. */
  List<KnownHostEntry> entries(Path file) throws IOException {
    Path key = file.toAbsolutePath().normalize();
    Parsed cached = files.get(key);
    if (cached != null && Objects.equals(cached.stamp(), Stamp.of(key))) {
      return cached.entries();
    }
    return current(key);
  }

  /** How many times a file was parsed: for tests. */
  int parses() {
    return parses.get();
  }

  /**
   * Trust on first use: records {@code key} for {@code host} (the {@code [addr]:port} form for other ports)
   * in the file and in the shared entries, unless another connection recorded a key for it meanwhile — then
   * that entry decides.
   */
  synchronized Verdict trust(Path file, String host, PublicKey key) throws IOException {
    Path path = file.toAbsolutePath().normalize();
    KeyType type = KeyType.fromKey(key);
    List<KnownHostEntry> now = current(path);
    Verdict verdict = verdict(now, type, host, key);
    if (verdict != Verdict.UNKNOWN) {
      return verdict;
    }
    OpenSSHKnownHosts.HostEntry entry = new OpenSSHKnownHosts.HostEntry(null, host, type, key);
    append(path, entry.getLine());
    List<KnownHostEntry> updated = new ArrayList<>(now);
    updated.add(entry);
    // The file now holds exactly these entries (written under this lock), so no re-parse is needed.
    files.put(path, new Parsed(Stamp.of(path), List.copyOf(updated)));
    return Verdict.ACCEPTED;
  }

  /**
   * sshj's {@code OpenSSHKnownHosts.verify} rule: an entry applying to the host and the key's type (a
   * {@code @cert-authority} entry applies to every certificate type) and holding the key accepts it unless
   * it is {@code @revoked}; an applicable entry without a match means the key changed — and so does any
   * plain entry for the host of another key type.
   */
  static Verdict verdict(List<KnownHostEntry> entries, KeyType type, String host, PublicKey key) {
    boolean applicable = false;
    for (KnownHostEntry e : entries) {
      try {
        // sshj's hashed-host matcher reuses one Mac per entry: matching a shared entry must not
        // overlap.
        synchronized (e) {
          if (e.appliesTo(type, host)) {
            applicable = true;
            if (e.verify(key)) {
              return Verdict.ACCEPTED;
            }
          }
        }
      } catch (IOException ex) {
        log.error(
            "known_hosts entry {} could not be matched against {}: {}",
            e.getLine(),
            host,
            ex.toString());
        return Verdict.UNREADABLE;
      }
    }
    if (applicable) {
      return Verdict.CHANGED;
    }
    // Any key pinned for the host, of any type, makes it known: a key of a type not pinned is a
    // different key,
    // never a "first use" that trust-on-first-use could record beside the pinned one.
    return pinsAnyKey(entries, host) ? Verdict.CHANGED : Verdict.UNKNOWN;
  }

  /** Whether a plain entry (not @cert-authority or @revoked) holds a key for {@code host}, whatever its type. */
  private static boolean pinsAnyKey(List<KnownHostEntry> entries, String host) {
    for (KnownHostEntry e : entries) {
      try {
        synchronized (e) {
          if (!e.getLine().startsWith("@") && e.appliesTo(host)) {
            return true;
          }
        }
      } catch (IOException ignored) {
        // as in verdict: an entry that cannot be matched pins nothing
      }
    }
    return false;
  }

  /** sshj's {@code findExistingAlgorithms}: the key types known for the host, every certificate type for a CA entry. */
  static List<String> algorithms(List<KnownHostEntry> entries, String host) {
    List<String> algorithms = new ArrayList<>();
    for (KnownHostEntry e : entries) {
      try {
        boolean applies;
        synchronized (e) {
          applies = e.appliesTo(host);
        }
        if (!applies) {
          continue;
        }
        if (e.getLine().startsWith(OpenSSHKnownHosts.Marker.CA_CERT.getMarkerString())) {
          for (KeyType candidate : KeyType.values()) {
            if (candidate.getParent() != null) {
              algorithms.add(candidate.toString());
            }
          }
        } else {
          algorithms.add(e.getType().toString());
        }
      } catch (IOException ignored) {
        // as sshj: an entry that cannot be matched names no algorithm
      }
    }
    return algorithms;
  }

  /** The up-to-date entries; parses under the lock so concurrent first connections parse a file once. */
  private synchronized List<KnownHostEntry> current(Path path) throws IOException {
    Stamp stamp =
        Stamp.of(path); // read before the content: a change during the parse is seen next time
    Parsed cached = files.get(path);
    if (cached != null && Objects.equals(cached.stamp(), stamp)) {
      return cached.entries();
    }
    List<KnownHostEntry> entries = stamp == null ? List.of() : parse(path);
    files.put(path, new Parsed(stamp, entries));
    return entries;
  }

  private List<KnownHostEntry> parse(Path path) throws IOException {
    parses.incrementAndGet();
    String text = Files.readString(path, StandardCharsets.UTF_8);
    return List.copyOf(new OpenSSHKnownHosts(new StringReader(text)).entries());
  }

  private static void append(Path path, String line) throws IOException {
    Path dir = path.getParent();
    if (dir != null) {
      Files.createDirectories(dir);
    }
    String prefix =
        endsWithoutNewline(path) ? "\n" : ""; // never glue the entry onto a last line without one
    Files.writeString(
        path,
        prefix + line + "\n",
        StandardCharsets.UTF_8,
        StandardOpenOption.CREATE,
        StandardOpenOption.APPEND);
  }

  private static boolean endsWithoutNewline(Path path) throws IOException {
    if (!Files.exists(path)) {
      return false;
    }
    try (SeekableByteChannel ch = Files.newByteChannel(path, StandardOpenOption.READ)) {
      if (ch.size() == 0) {
        return false;
      }
      ByteBuffer last = ByteBuffer.allocate(1);
      ch.position(ch.size() - 1).read(last);
      return last.get(0) != '\n';
    }
  }
}
