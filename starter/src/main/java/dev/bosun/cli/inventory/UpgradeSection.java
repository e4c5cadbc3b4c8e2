package dev.bosun.cli.inventory;

import static dev.bosun.cli.inventory.Section.keys;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bosun.workflows.model.ApprovalGate;
import dev.bosun.workflows.model.DrainOptions;
import dev.bosun.workflows.model.MaintenanceWindow;
import dev.bosun.workflows.model.NodeRole;
import dev.bosun.workflows.model.NodeSpec;
import dev.bosun.workflows.model.OnNodeFailure;
import dev.bosun.workflows.model.UpgradeSpec;
import dev.bosun.workflows.rules.MaintenanceWindows;
import java.time.DayOfWeek;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** The {@code upgrade} mapping with its {@code drain} options; defaults from UpgradeSpec/DrainOptions. */
final class UpgradeSection {

  static final Set<String> UPGRADE = keys(
      "maxUnavailable",
      "drain",
      "onNodeFailure",
      "approval",
      "maxFailedNodes",
      "etcdSnapshot",
      "pauseBetweenBatches",
      "operatorTimeout",
      "snapshotBeforeUpgrade",
      "window",
      "certificateRenewal");
  static final Set<String> WINDOW = keys("days", "start", "end", "timeZone");
  static final Set<String> DRAIN = keys(
      "timeout",
      "gracePeriod",
      "deleteEmptyDirData",
      "ignoreDaemonSets",
      "force",
      "podSelector",
      "disableEvictionFallback",
      "skipWaitForDeleteTimeout");

  private UpgradeSection() {}

  static UpgradeSpec read(Section u, List<NodeSpec> nodes) {
    UpgradeSpec d = UpgradeSpec.defaults();
    if (!u.present()) {
      return d;
    }
    long workers = nodes.stream().filter(n -> n.role() == NodeRole.WORKER).count();
    String maxUnavailable = maxUnavailable(u, workers, d.maxUnavailable());
    DrainOptions drain = drain(u.object("drain", false, DRAIN));
    OnNodeFailure onFailure = u.label(
        "onNodeFailure",
        OnNodeFailure::fromLabel,
        d.onNodeFailure(),
        "wait-for-operator, abort or skip");
    ApprovalGate approval = u.label(
        "approval",
        ApprovalGate::fromLabel,
        d.approval(),
        "none, before-workers or before-each-batch");
    Long maxFailed = u.integer("maxFailedNodes", false);
    if (maxFailed != null && maxFailed < 0) {
      u.error(
          "maxFailedNodes", String.valueOf(maxFailed), "must be 0 (no circuit breaker) or more");
    }
    Boolean etcdSnapshot = u.bool("etcdSnapshot");
    if (Boolean.FALSE.equals(etcdSnapshot)) {
      u.warning(
          "etcdSnapshot", "false", "upgrades will run without an etcd snapshot to fall back on");
    }
    return new UpgradeSpec(
        maxUnavailable,
        drain,
        onFailure,
        approval,
        maxFailed == null || maxFailed < 0 ? d.maxFailedNodes() : maxFailed.intValue(),
        etcdSnapshot == null ? d.etcdSnapshot() : etcdSnapshot,
        u.duration("pauseBetweenBatches", d.pauseBetweenBatches()),
        u.duration("operatorTimeout", d.operatorTimeout()),
        u.flag("snapshotBeforeUpgrade", d.snapshotBeforeUpgrade()),
        windows(u),
        false,
        u.flag("certificateRenewal", d.certificateRenewalOrDefault()));
  }

  /** {@code window}: one mapping or a list of them (rules: {@link MaintenanceWindows}). */
  static List<MaintenanceWindow> windows(Section u) {
    JsonNode v = u.raw("window");
    if (v == null) {
      return List.of();
    }
    List<Section> sections;
    if (v.isObject()) {
      sections = List.of(u.object("window", false, WINDOW));
    } else if (v.isArray()) {
      sections = u.objects("window", false, WINDOW);
      if (sections.isEmpty()) {
        u.error("window", null, "must list at least one window (or be left out: no window)");
      }
    } else {
      u.error(
          "window",
          Section.scalarText(v),
          "must be a mapping {days, start, end, timeZone} or a list of them, got "
              + Section.describe(v));
      return List.of();
    }
    List<MaintenanceWindow> out = new ArrayList<>();
    for (Section w : sections) {
      MaintenanceWindow one = window(w);
      if (one != null) {
        out.add(one);
      }
    }
    return out;
  }

  private static MaintenanceWindow window(Section w) {
    if (!w.present()) {
      return null;
    }
    List<DayOfWeek> days = days(w);
    String start = time(w, "start", false);
    String end = time(w, "end", true);
    String zone = w.string("timeZone", true);
    if (zone != null && !MaintenanceWindows.isZone(zone)) {
      w.error("timeZone", zone, MaintenanceWindows.ZONE_RULE);
      zone = null;
    }
    if (start != null && end != null && MaintenanceWindows.sameTime(start, end)) {
      w.error("end", end, MaintenanceWindows.SAME_TIMES_RULE);
      return null;
    }
    boolean daysOk = days == null || !days.isEmpty();
    return daysOk && start != null && end != null && zone != null
        ? new MaintenanceWindow(days, start, end, zone)
        : null;
  }

  /** null when left out (every day); empty after a reported problem. */
  private static List<DayOfWeek> days(Section w) {
    JsonNode v = w.raw("days");
    if (v == null) {
      return null;
    }
    List<JsonNode> items = new ArrayList<>();
    if (v.isArray()) {
      v.forEach(items::add);
      if (items.isEmpty()) {
        w.error("days", null, MaintenanceWindows.EMPTY_DAYS_RULE);
        return List.of();
      }
    } else if (v.isTextual()) {
      for (String part : v.textValue().split(",")) {
        items.add(com.fasterxml.jackson.databind.node.TextNode.valueOf(part.trim()));
      }
    } else {
      w.error("days", Section.scalarText(v), MaintenanceWindows.DAYS_RULE);
      return List.of();
    }
    EnumSet<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
    boolean bad = false;
    for (int i = 0; i < items.size(); i++) {
      String text = Section.scalarText(items.get(i));
      try {
        days.addAll(MaintenanceWindows.days(text));
      } catch (IllegalArgumentException e) {
        w.error(v.isArray() ? "days[" + i + "]" : "days", text, MaintenanceWindows.DAYS_RULE);
        bad = true;
      }
    }
    return bad ? List.of() : List.copyOf(days);
  }

  /** HH:MM, quoted or not (Jackson reads an unquoted 22:00 as text, not as a YAML 1.1 sexagesimal number). */
  private static String time(Section w, String key, boolean end) {
    String text = w.string(key, true);
    if (text != null && !MaintenanceWindows.isTime(text, end)) {
      w.error(key, text, MaintenanceWindows.TIME_RULE);
      return null;
    }
    return text;
  }

  static String maxUnavailable(Section u, long workers, String fallback) {
    JsonNode v = u.raw("maxUnavailable");
    if (v == null) {
      return fallback;
    }
    String text = Section.scalarText(v);
    if (text == null) {
      u.error(
          "maxUnavailable",
          null,
          "must be a count (2) or a percentage of the workers (20%), got " + Section.describe(v));
      return fallback;
    }
    if (text.matches("\\d{1,3}%")) {
      int pct = Integer.parseInt(text.substring(0, text.length() - 1));
      if (pct < 1 || pct > 100) {
        u.error(
            "maxUnavailable", text, "is not a valid percentage: must be 1% to 100% of the workers");
      }
      return text;
    }
    if (v.isIntegralNumber() || text.matches("\\d{1,9}")) {
      long n = v.isIntegralNumber() ? v.longValue() : Long.parseLong(text);
      if (n < 1) {
        u.error(
            "maxUnavailable", text, "must be at least 1 (a rolling upgrade must make progress)");
      } else if (workers > 0 && n > workers) {
        u.error(
            "maxUnavailable",
            text,
            "is more than the " + workers + " workers in nodes: must be 1 to " + workers
                + " (or a percentage)");
      }
      return text;
    }
    u.error("maxUnavailable", text, "must be a count (2) or a percentage of the workers (20%)");
    return fallback;
  }

  static DrainOptions drain(Section s) {
    DrainOptions d = DrainOptions.defaults();
    if (!s.present()) {
      return d;
    }
    Long grace = s.integer("gracePeriod", false);
    if (grace != null && (grace < -1 || grace > Integer.MAX_VALUE)) {
      s.error(
          "gracePeriod",
          String.valueOf(grace),
          "must be -1 (each pod's own terminationGracePeriodSeconds) or a number of seconds >= 0");
    }
    String selector = s.string("podSelector", false);
    if (selector != null && !selector.matches("[A-Za-z0-9._/=!, ()-]+")) {
      s.error(
          "podSelector",
          selector,
          "is not a valid label selector: letters, digits and . _ / - = ! , ( ) only");
    }
    return new DrainOptions(
        s.duration("timeout", d.timeout()),
        grace == null || grace < -1 || grace > Integer.MAX_VALUE
            ? d.gracePeriodSeconds()
            : grace.intValue(),
        s.flag("deleteEmptyDirData", d.deleteEmptyDirData()),
        s.flag("ignoreDaemonSets", d.ignoreDaemonSets()),
        s.flag("force", d.force()),
        selector,
        s.flag("disableEvictionFallback", d.disableEvictionFallback()),
        s.duration("skipWaitForDeleteTimeout", d.skipWaitForDeleteTimeout()));
  }
}
