package dev.bosun.cli.inventory;

import static dev.bosun.cli.inventory.Section.keys;

import dev.bosun.workflows.model.HypervisorSpec;
import dev.bosun.workflows.rules.Syntax;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The {@code hypervisor} mapping: the kind, and the fields that kind needs (and only those). */
final class HypervisorSection {

  static final Set<String> HYPERVISOR =
      keys("kind", "host", "provider", "project", "user", "vmSwitch", "vmPath", "utmctl");
  static final List<String> VAGRANT_PROVIDERS =
      List.of("libvirt", "virtualbox", "hyperv", "vmware_desktop", "parallels", "utm");
  static final List<String> HYPERVISOR_KINDS = List.of(
      HypervisorSpec.VAGRANT, HypervisorSpec.HYPERV, HypervisorSpec.UTM, HypervisorSpec.NONE);
  /** Which fields each kind uses (besides kind); the others are errors for that kind. */
  static final Map<String, Set<String>> HYPERVISOR_FIELDS = Map.of(
      HypervisorSpec.VAGRANT, keys("host", "provider", "project"),
      HypervisorSpec.HYPERV, keys("host", "user", "vmSwitch", "vmPath"),
      HypervisorSpec.UTM, keys("host", "user", "utmctl"),
      HypervisorSpec.NONE, keys());

  private HypervisorSection() {}

  /**
   * The {@code hypervisors} mapping: named hypervisors for a cluster whose VMs live on several machines. Each entry
   * follows the rules of the single {@code hypervisor} section; kind none makes no sense there.
   */
  static Map<String, HypervisorSpec> readNamed(Section top, FileRefs files) {
    Map<String, HypervisorSpec> named = new java.util.LinkedHashMap<>();
    top.namedObjects("hypervisors", HYPERVISOR).forEach((name, h) -> {
      if (!Syntax.isLabel(name)) {
        top.error("hypervisors", name, "has an invalid hypervisor name: " + Syntax.LABEL_RULE);
      }
      HypervisorSpec spec = read(h, files);
      if (HypervisorSpec.NONE.equals(spec.kind())) {
        h.error(
            "kind",
            spec.kind(),
            "is not allowed for a named hypervisor: name vagrant, hyperv or utm");
      }
      named.put(name, spec);
    });
    return named;
  }

  static HypervisorSpec read(Section h, FileRefs files) {
    if (!h.present()) {
      return new HypervisorSpec(HypervisorSpec.NONE, null, null, null, null, null, null, null);
    }
    String kind = h.string("kind", true);
    if (kind != null && !HYPERVISOR_KINDS.contains(kind)) {
      h.error(
          "kind",
          kind,
          "is not a known hypervisor: must be one of " + String.join(", ", HYPERVISOR_KINDS));
      kind = null;
    }
    if (kind != null) {
      Set<String> used = HYPERVISOR_FIELDS.get(kind);
      for (String field : HYPERVISOR) {
        if (!field.equals("kind") && !used.contains(field) && h.has(field)) {
          h.error(
              field,
              null,
              "does not apply to hypervisor kind " + kind + " (it uses: "
                  + (used.isEmpty()
                      ? "nothing else"
                      : String.join(", ", used.stream().sorted().toList()))
                  + ")");
        }
      }
    }
    boolean vagrant = HypervisorSpec.VAGRANT.equals(kind);
    boolean hyperv = HypervisorSpec.HYPERV.equals(kind);
    boolean utm = HypervisorSpec.UTM.equals(kind);
    String host = h.string("host", hyperv || utm);
    if (host == null && vagrant) {
      host = "local";
    } else if (host != null && !host.equals("local") && !Syntax.isAddress(host)) {
      h.error(
          "host",
          host,
          "is not a valid hypervisor host: must be 'local' or an address; " + Syntax.ADDRESS_RULE);
    }
    String provider = h.string("provider", vagrant);
    if (provider != null && vagrant && !VAGRANT_PROVIDERS.contains(provider)) {
      h.error(
          "provider",
          provider,
          "is not a supported Vagrant provider: must be one of "
              + String.join(", ", VAGRANT_PROVIDERS));
    }
    String project = h.string("project", vagrant);
    if (project != null && vagrant) {
      project = files.resolve(project).toString();
    }
    String user = h.string("user", false);
    if (user != null && !Syntax.isSafeText(user)) {
      h.error("user", user, "is not a valid user name: no spaces, quotes or shell characters");
    }
    String vmSwitch = h.string("vmSwitch", hyperv);
    if (vmSwitch != null && !vmSwitch.matches("[A-Za-z0-9 ._-]{1,100}")) {
      h.error(
          "vmSwitch",
          vmSwitch,
          "is not a valid Hyper-V switch name: letters, digits, spaces, '.', '_' and '-'");
    }
    String vmPath = h.string("vmPath", false);
    if (vmPath != null && !vmPath.matches("[A-Za-z]:\\\\[^;|&$`<>'\"]*|/[^;|&$`<>'\"]*")) {
      h.error(
          "vmPath",
          vmPath,
          "is not a valid folder: an absolute path (C:\\VMs\\lab1) with no quotes or shell characters");
    }
    String utmctl = h.string("utmctl", false);
    if (utmctl != null && !utmctl.matches("/[^;|&$`<>'\"]*")) {
      h.error(
          "utmctl",
          utmctl,
          "is not a valid path: an absolute path with no quotes or shell characters");
    }
    return new HypervisorSpec(kind, host, provider, project, user, vmSwitch, vmPath, utmctl);
  }
}
