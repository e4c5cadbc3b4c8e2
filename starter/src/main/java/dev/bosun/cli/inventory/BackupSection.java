package dev.bosun.cli.inventory;

import static dev.bosun.cli.inventory.Section.keys;

import dev.bosun.workflows.model.BackupSpec;
import dev.bosun.workflows.rules.RemoteRule;
import dev.bosun.workflows.rules.Syntax;
import java.util.Set;

/** The optional {@code backup} mapping: Velero and the off-host copy. */
final class BackupSection {

  static final Set<String> BACKUP = keys("velero", "offHost");
  static final Set<String> VELERO = keys("namespace", "storageLocation");
  static final Set<String> OFF_HOST =
      keys("tool", "source", "destination", "passwordEnv", "keepLast");

  private BackupSection() {}

  static BackupSpec read(Section b) {
    if (!b.present()) {
      return null;
    }
    BackupSpec.VeleroSpec velero = null;
    Section v = b.object("velero", false, VELERO);
    if (v.present()) {
      String ns = v.string("namespace", false);
      if (ns != null && !Syntax.isLabel(ns)) {
        v.error("namespace", ns, "is not a valid namespace: " + Syntax.LABEL_RULE);
      }
      String location = v.string("storageLocation", false);
      if (location != null && !Syntax.isLabel(location)) {
        v.error(
            "storageLocation",
            location,
            "is not a valid BackupStorageLocation name: " + Syntax.LABEL_RULE);
      }
      velero = new BackupSpec.VeleroSpec(
          ns == null ? "velero" : ns, location == null ? "default" : location);
    }
    BackupSpec.OffHostSpec offHost = null;
    Section o = b.object("offHost", false, OFF_HOST);
    if (o.present()) {
      String tool = o.string("tool", true);
      if (tool != null && !tool.equals("rclone") && !tool.equals("restic")) {
        o.error("tool", tool, "is not a supported copy tool: must be rclone or restic");
      }
      String source = remote(o, "source");
      String destination = remote(o, "destination");
      String passwordEnv = o.string("passwordEnv", "restic".equals(tool));
      if (passwordEnv != null && !Syntax.isEnvName(passwordEnv)) {
        o.error(
            "passwordEnv",
            passwordEnv,
            "is not an environment variable name: letters, digits and '_', not starting with a digit");
      }
      Long keep = o.integer("keepLast", false);
      if (keep != null && keep < 0) {
        o.error("keepLast", String.valueOf(keep), "must be 0 (keep all) or more");
      }
      offHost = new BackupSpec.OffHostSpec(
          tool, source, destination, passwordEnv, keep == null || keep < 0 ? 0 : keep.intValue());
    }
    return new BackupSpec(velero, offHost);
  }

  static String remote(Section o, String key) {
    String v = o.string(key, true);
    if (v != null && RemoteRule.problem(v) != null) {
      o.error(key, null, RemoteRule.problem(v)); // never quoted: it may hold credentials
    }
    return v;
  }
}
