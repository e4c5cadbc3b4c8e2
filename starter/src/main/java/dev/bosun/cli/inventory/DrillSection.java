package dev.bosun.cli.inventory;

import static dev.bosun.cli.inventory.Section.keys;

import dev.bosun.workflows.activities.VeleroInstall;
import dev.bosun.workflows.model.DrillSpec;
import dev.bosun.workflows.model.HypervisorSpec;
import dev.bosun.workflows.model.NodeSpec;
import dev.bosun.workflows.rules.CronRule;
import dev.bosun.workflows.rules.DrillRules;
import dev.bosun.workflows.rules.ServiceProxy;
import dev.bosun.workflows.rules.Syntax;
import dev.bosun.workflows.rules.UrlRule;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The optional {@code drill} mapping: the schedule and what "restored" must mean. */
final class DrillSection {

  static final Set<String> DRILL = keys("schedule", "checks", "scratch", "velero");
  static final Set<String> SCRATCH = keys("controlPlaneEndpoint", "hypervisor", "nodes");
  static final Set<String> VELERO =
      keys("plugins", "credentialsFile", "scratchBucket", "bucket", "region", "s3Url");
  static final Set<String> DRILL_CHECK = keys("kind", "namespace", "resource", "expected", "url");
  static final List<String> DRILL_KINDS =
      List.of("restore-phase", "workloads-ready", "sentinel-checksum", "http-probe");

  /** s3proxy's and MinIO's region. */
  static final String DEFAULT_REGION = "us-east-1";

  private DrillSection() {}

  /** @param files resolves the scratch hypervisor's paths like the cluster's own */
  static DrillSpec read(Section d, FileRefs files) {
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
      } else if (url != null) {
        try {
          ServiceProxy.of(
              url); // the activity probes through the scratch API server's service proxy
        } catch (IllegalArgumentException e) {
          c.error("url", url, e.getMessage());
        }
      }
      checks.add(new DrillSpec.DrillCheck(kind, ns, resource, expected, url));
    }
    return new DrillSpec(schedule, checks, scratch(d, files), velero(d));
  }

  /** The drill's own VMs: an inventory-shaped section (endpoint, hypervisor, nodes) read by the same readers. */
  private static DrillSpec.ScratchSpec scratch(Section d, FileRefs files) {
    Section s = d.object("scratch", false, SCRATCH);
    if (!s.present()) {
      return null;
    }
    String endpoint = s.string("controlPlaneEndpoint", true);
    if (endpoint != null && !Syntax.isHostPort(endpoint)) {
      s.error(
          "controlPlaneEndpoint",
          endpoint,
          "is not a valid endpoint: must be host:port, the scratch cluster's API server");
    }
    HypervisorSpec hypervisor =
        HypervisorSection.read(s.object("hypervisor", true, HypervisorSection.HYPERVISOR), files);
    List<NodeSpec> nodes = NodesSection.read(s, hypervisor, Map.of());
    return new DrillSpec.ScratchSpec(endpoint, hypervisor, nodes);
  }

  /** Velero on the scratch cluster; each value is checked by the activity's own rules (DrillRules). */
  private static DrillSpec.DrillVeleroSpec velero(Section d) {
    Section v = d.object("velero", false, VELERO);
    if (!v.present()) {
      return null;
    }
    String plugins = v.string("plugins", true);
    String credentials = v.string("credentialsFile", true);
    String scratchBucket = BackupSection.remote(v, "scratchBucket");
    String bucket = v.string("bucket", true);
    String region = v.string("region", false);
    String s3Url = v.string("s3Url", true);
    DrillSpec.DrillVeleroSpec spec = new DrillSpec.DrillVeleroSpec(
        plugins,
        credentials,
        scratchBucket,
        bucket,
        region == null ? DEFAULT_REGION : region,
        s3Url);
    if (plugins != null && credentials != null && bucket != null && s3Url != null) {
      for (String problem : DrillRules.problems(new VeleroInstall(
          "velero",
          "default",
          spec.plugins(),
          spec.bucket(),
          spec.region(),
          spec.s3Url(),
          spec.credentialsFile()))) {
        // each problem names its field (drill.velero.X) and never quotes a value
        String prefix = "drill.velero.";
        int space = problem.indexOf(' ');
        if (problem.startsWith(prefix) && space > 0) {
          v.error(problem.substring(prefix.length(), space), null, problem.substring(space + 1));
        } else {
          v.error("", null, problem);
        }
      }
    }
    return spec;
  }
}
