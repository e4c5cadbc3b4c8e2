package dev.bosun.sim;

import java.util.ArrayList;
import java.util.List;

/** Every command the sim received, in arrival order of completion; safe to read while commands run. */
public final class CommandLog {

  private final List<CommandRecord> records = new ArrayList<>();

  synchronized void add(CommandRecord r) {
    records.add(r);
  }

  public synchronized List<CommandRecord> all() {
    return List.copyOf(records);
  }

  public synchronized List<CommandRecord> forHost(String host) {
    return records.stream().filter(r -> r.host().equals(host)).toList();
  }

  /** Records whose command line contains {@code fragment}. */
  public synchronized List<CommandRecord> matching(String fragment) {
    return records.stream().filter(r -> r.command().contains(fragment)).toList();
  }

  public synchronized void clear() {
    records.clear();
  }
}
