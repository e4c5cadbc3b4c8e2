package dev.bosun.cli.inventory;

import static dev.bosun.cli.inventory.Section.keys;

import dev.bosun.workflows.model.InitSpec;
import dev.bosun.workflows.rules.UrlRule;
import java.util.Set;

/** The optional {@code init} mapping: how {@code bosun init} builds the cluster. */
final class InitSection {

  static final Set<String> INIT = keys(
      "cni",
      "parallelism",
      "addressTimeout",
      "sshTimeout",
      "readyTimeout",
      "etcdClient",
      "etcdReleases");

  private InitSection() {}

  static InitSpec read(Section s) {
    InitSpec d = InitSpec.defaults();
    if (!s.present()) {
      return d;
    }
    String cni = s.string("cni", false);
    if (cni == null) {
      cni = d.cniManifest();
    } else if (cni.startsWith("/")) {
      if (!cni.matches("/[A-Za-z0-9._/-]{1,250}")) {
        s.error(
            "cni",
            cni,
            "is not a valid path on the first control plane: letters, digits, '.', '_', '-' and '/'");
      }
    } else if (UrlRule.problem(cni, false) != null) {
      // never quoted: a URL may carry a password
      s.error(
          "cni",
          null,
          UrlRule.problem(cni, false) + " (or an absolute path on the first control plane)");
    }
    Long parallelism = s.integer("parallelism", false);
    if (parallelism != null && (parallelism < 1 || parallelism > 32)) {
      s.error("parallelism", String.valueOf(parallelism), "is out of range: must be 1-32");
      parallelism = null;
    }
    return new InitSpec(
        cni,
        parallelism == null ? d.parallelism() : parallelism.intValue(),
        s.duration("addressTimeout", d.addressTimeout()),
        s.duration("sshTimeout", d.sshTimeout()),
        s.duration("readyTimeout", d.readyTimeout()),
        etcdReleases(s, d));
  }

  /** etcdClient: release (default: from etcdReleases) or none; the releases' base URL, https. */
  private static String etcdReleases(Section s, InitSpec d) {
    String client = s.string("etcdClient", false);
    String releases = s.string("etcdReleases", false);
    if (client != null && !client.equals("release") && !client.equals("none")) {
      s.error("etcdClient", client, "must be release or none");
    }
    if (releases != null && UrlRule.problem(releases, false) != null) {
      // never quoted: a URL may carry a password
      s.error("etcdReleases", null, UrlRule.problem(releases, false));
    }
    if ("none".equals(client)) {
      if (releases != null) {
        s.error("etcdReleases", null, "is not used with etcdClient: none");
      }
      return null;
    }
    return releases == null ? d.etcdReleases() : releases.replaceAll("/+$", "");
  }
}
