package dev.bosun.cli.inventory;

import static dev.bosun.cli.inventory.Section.keys;

import dev.bosun.workflows.model.DrillSpec;
import dev.bosun.workflows.rules.CronRule;
import dev.bosun.workflows.rules.Syntax;
import dev.bosun.workflows.rules.UrlRule;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** The optional {@code drill} mapping: the schedule and what "restored" must mean. */
final class DrillSection {

  static final Set<String> DRILL = keys("schedule", "checks");
  static final Set<String> DRILL_CHECK = keys("kind", "namespace", "resource", "expected", "url");
  static final List<String> DRILL_KINDS =
      List.of("restore-phase", "workloads-ready", "sentinel-checksum", "http-probe");

  private DrillSection() {}

  static DrillSpec read(Section d) {
    if (!d.present()) {
      return null;
    }
    String schedule = d.string("schedule", false);
    String cron = schedule == null ? null : CronRule.problem(schedule);
    if (cron != null) {
      d.error("schedule", schedule, cron); // the rule of bosun schedule create --cron too
    }
    List<DrillSpec.DrillCheck> checks = new ArrayList<>();
    for (Section c : d.objects("checks", false, DRILL_CHECK)) {
      String kind = c.string("kind", c.present());
      if (kind != null && !DRILL_KINDS.contains(kind)) {
        c.error(
            "kind", kind, "is not a known check: must be one of " + String.join(", ", DRILL_KINDS));
      }
      String ns =
          c.string("namespace", "workloads-ready".equals(kind) || "sentinel-checksum".equals(kind));
      if (ns != null && !Syntax.isLabel(ns)) {
        c.error("namespace", ns, "is not a valid namespace: " + Syntax.LABEL_RULE);
      }
      String resource = c.string("resource", "sentinel-checksum".equals(kind));
      if (resource != null && !resource.matches("[a-z0-9./-]+")) {
        c.error(
            "resource",
            resource,
            "is not a valid resource path: kind/name, e.g. configmap/sentinel");
      }
      String expected = c.string("expected", "sentinel-checksum".equals(kind));
      if (expected != null
          && "sentinel-checksum".equals(kind)
          && !expected.matches("[0-9a-f]{64}")) {
        c.error("expected", expected, "is not a sha256: 64 lowercase hex digits");
      }
      if (expected != null && "http-probe".equals(kind) && !expected.matches("[1-5]\\d\\d")) {
        c.error("expected", expected, "is not an HTTP status code (100-599)");
      }
      String url = c.string("url", "http-probe".equals(kind));
      if (url != null && UrlRule.problem(url, true) != null) {
        c.error("url", null, UrlRule.problem(url, true)); // never quoted: it may hold a password
      }
      checks.add(new DrillSpec.DrillCheck(kind, ns, resource, expected, url));
    }
    return new DrillSpec(schedule, checks);
  }
}
