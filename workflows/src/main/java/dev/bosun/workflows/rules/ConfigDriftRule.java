package dev.bosun.workflows.rules;

import dev.bosun.workflows.activities.NodeConfigFingerprint;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * The config-drift guard's rule: what changed between a node's configuration before and after its upgrade. Every
 * change is unexpected: the fingerprint already leaves out what an upgrade changes by design (image tags, kubeadm's
 * annotations). A secret's value never appears, only that it changed.
 */
public final class ConfigDriftRule {

  /** One changed key; {@code before}/{@code after} null: the key (or the whole file) was not there. */
  public record Change(String file, String key, String before, String after) {

    /** "/var/lib/kubelet/config.yaml: maxPods 150 → (removed)". */
    @Override
    public String toString() {
      if (key == null) {
        return file + ": " + (before == null ? "file created" : "file removed");
      }
      return file + ": " + key + " " + shown(before, "(absent)") + " → "
          + shown(after, "(removed)");
    }

    private static String shown(String value, String absent) {
      return value == null ? absent : value;
    }
  }

  private ConfigDriftRule() {}

  /** Every change, file by file in path order, key by key in key order. */
  public static List<Change> changes(NodeConfigFingerprint before, NodeConfigFingerprint after) {
    List<Change> changes = new ArrayList<>();
    TreeSet<String> files = new TreeSet<>(before.files().keySet());
    files.addAll(after.files().keySet());
    for (String file : files) {
      Map<String, String> b = before.files().get(file);
      Map<String, String> a = after.files().get(file);
      if (b == null || a == null) {
        changes.add(new Change(file, null, b == null ? null : "", a == null ? null : ""));
        continue;
      }
      TreeSet<String> keys = new TreeSet<>(b.keySet());
      keys.addAll(a.keySet());
      for (String key : keys) {
        if (!Objects.equals(b.get(key), a.get(key))) {
          changes.add(new Change(file, key, b.get(key), a.get(key)));
        }
      }
    }
    return changes;
  }

  /** The operator's message: the node, then one change a line. */
  public static String describe(String node, List<Change> changes) {
    StringBuilder sb = new StringBuilder("configuration drift on ")
        .append(node)
        .append(" after its upgrade (")
        .append(changes.size())
        .append(" change")
        .append(changes.size() == 1 ? "" : "s")
        .append(", stopped before the kubelet restart loads it):");
    changes.forEach(c -> sb.append("\n- ").append(c));
    return sb.toString();
  }
}
