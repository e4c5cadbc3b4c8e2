package dev.bosun.cli.inventory;

import static dev.bosun.cli.inventory.Section.keys;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bosun.workflows.model.ApprovalGate;
import dev.bosun.workflows.model.BackupSpec;
import dev.bosun.workflows.model.DrainOptions;
import dev.bosun.workflows.model.DrillSpec;
import dev.bosun.workflows.model.Durations;
import dev.bosun.workflows.model.HypervisorSpec;
import dev.bosun.workflows.model.Inventory;
import dev.bosun.workflows.model.KubeVersion;
import dev.bosun.workflows.model.KubernetesSpec;
import dev.bosun.workflows.model.NodeRole;
import dev.bosun.workflows.model.NodeSpec;
import dev.bosun.workflows.model.OnNodeFailure;
import dev.bosun.workflows.model.SshSpec;
import dev.bosun.workflows.model.UpgradeSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Checks an inventory tree against every rule (reporting all problems, in document order) and reads it
 * into the immutable records, defaults applied. The records are only handed out when there is no error.
 */
final class InventoryValidator {

  static final Set<String> TOP = keys("cluster", "kubernetes", "ssh", "hypervisor", "nodes", "upgrade", "backup", "drill");
  static final Set<String> KUBERNETES =
      keys("version", "podSubnet", "serviceSubnet", "controlPlaneEndpoint", "packageRepository", "kubeconfig");
  static final Set<String> SSH =
      keys("user", "privateKey", "knownHosts", "port", "trustOnFirstUse", "privateKeyPassphraseEnv", "connectTimeout", "commandTimeout");
  static final Set<String> HYPERVISOR = keys("kind", "host", "provider", "project", "user", "vmSwitch", "vmPath", "utmctl");
  static final Set<String> NODE = keys("name", "role", "address", "sshPort");
  static final Set<String> UPGRADE =
      keys("maxUnavailable", "drain", "onNodeFailure", "approval", "maxFailedNodes", "etcdSnapshot", "pauseBetweenBatches", "operatorTimeout");
  static final Set<String> DRAIN =
      keys("timeout", "gracePeriod", "deleteEmptyDirData", "ignoreDaemonSets", "force", "podSelector", "disableEvictionFallback", "skipWaitForDeleteTimeout");
  static final Set<String> BACKUP = keys("velero", "offHost");
  static final Set<String> VELERO = keys("namespace", "storageLocation");
  static final Set<String> OFF_HOST = keys("tool", "source", "destination", "passwordEnv", "keepLast");
  static final Set<String> DRILL = keys("schedule", "checks");
  static final Set<String> DRILL_CHECK = keys("kind", "namespace", "resource", "expected", "url");

  static final String DEFAULT_POD_SUBNET = "10.244.0.0/16";
  static final String DEFAULT_SERVICE_SUBNET = "10.96.0.0/12";
  static final String DEFAULT_KNOWN_HOSTS = "~/.ssh/known_hosts";
  static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
  static final Duration DEFAULT_COMMAND_TIMEOUT = Duration.ofMinutes(30);

  private static final List<String> VAGRANT_PROVIDERS = List.of("libvirt", "virtualbox", "hyperv", "vmware_desktop", "parallels", "utm");
  private static final List<String> HYPERVISOR_KINDS = List.of(HypervisorSpec.VAGRANT, HypervisorSpec.HYPERV, HypervisorSpec.UTM, HypervisorSpec.NONE);
  /** Which hypervisor fields each kind uses (besides kind). */
  private static final Map<String, Set<String>> HYPERVISOR_FIELDS =
      Map.of(
          HypervisorSpec.VAGRANT, keys("host", "provider", "project"),
          HypervisorSpec.HYPERV, keys("host", "user", "vmSwitch", "vmPath"),
          HypervisorSpec.UTM, keys("host", "user", "utmctl"),
          HypervisorSpec.NONE, keys());
  private static final List<String> SECRET_WORDS = List.of("password", "passphrase", "token", "secret");
  private static final List<String> DRILL_KINDS = List.of("restore-phase", "workloads-ready", "sentinel-checksum", "http-probe");
  private static final String SECRET_ADVICE =
      "secrets are never written in the inventory: give a file path (ssh.privateKey) or the name of an environment variable"
          + " that holds it (privateKeyPassphraseEnv: ENV_NAME, offHost.passwordEnv: ENV_NAME)";

  private final LocatedTree tree;
  private final FileRefs files;
  private final Problems problems;

  InventoryValidator(LocatedTree tree, FileRefs files) {
    this.tree = tree;
    this.files = files;
    this.problems = new Problems(tree);
  }

  Problems problems() {
    return problems;
  }

  /** The inventory, or null when there are errors (see {@link #problems()}). */
  Inventory validate() {
    JsonNode root = tree.root();
    if (!root.isObject()) {
      problems.error("", Section.scalarText(root),
          "the inventory must be a mapping with the keys cluster, kubernetes, ssh, nodes (and optionally hypervisor, upgrade, backup, drill), got "
              + Section.describe(root));
      return null;
    }
    findSecrets(root, "");
    for (String dup : tree.duplicateKeys()) {
      problems.error(dup, null, "is written twice in the same mapping; keep one");
    }
    Section top = Section.of(problems, "", root, TOP);
    String cluster = top.string("cluster", true);
    if (cluster != null && !Syntax.isLabel(cluster)) {
      top.error("cluster", cluster, "is not a valid cluster name: " + Syntax.LABEL_RULE);
    }
    KubernetesSpec kubernetes = kubernetes(top.object("kubernetes", true, KUBERNETES));
    SshSpec ssh = ssh(top.object("ssh", true, SSH));
    HypervisorSpec hypervisor = hypervisor(top.object("hypervisor", false, HYPERVISOR));
    List<NodeSpec> nodes = nodes(top);
    UpgradeSpec upgrade = upgrade(top.object("upgrade", false, UPGRADE), nodes);
    BackupSpec backup = backup(top.object("backup", false, BACKUP));
    DrillSpec drill = drill(top.object("drill", false, DRILL));
    if (!problems.errors().isEmpty()) {
      return null;
    }
    return new Inventory(cluster, kubernetes, ssh, hypervisor, nodes, upgrade, backup, drill);
  }

  // ---- secrets: before anything else, so that their values are never echoed back ----

  private void findSecrets(JsonNode node, String path) {
    if (node.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        String childPath = LocatedTree.child(path, e.getKey());
        if (isSecretKey(e.getKey()) && !e.getValue().isNull() && !e.getValue().asText().isEmpty()) {
          problems.secret(childPath, "is an inline secret: " + SECRET_ADVICE, true);
        } else {
          findSecrets(e.getValue(), childPath);
        }
      }
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        findSecrets(node.get(i), LocatedTree.item(path, i));
      }
    } else if (node.isTextual() && Syntax.looksLikeKeyMaterial(node.textValue())) {
      problems.secret(path, "looks like key material written inline (never shown here): " + SECRET_ADVICE, false);
    }
  }

  private static boolean isSecretKey(String key) {
    String k = key.toLowerCase(Locale.ROOT);
    return !k.endsWith("env") && SECRET_WORDS.stream().anyMatch(k::contains);
  }

  // ---- kubernetes ----

  private KubernetesSpec kubernetes(Section k) {
    String version = k.string("version", true);
    if (version != null && !KubeVersion.isValid(version)) {
      k.error("version", version, "is not a valid Kubernetes version: must be vMAJOR.MINOR.PATCH, e.g. v1.31.2");
    }
    String podSubnet = cidr(k, "podSubnet", DEFAULT_POD_SUBNET);
    String serviceSubnet = cidr(k, "serviceSubnet", DEFAULT_SERVICE_SUBNET);
    String endpoint = k.string("controlPlaneEndpoint", true);
    if (endpoint != null && !Syntax.isHostPort(endpoint)) {
      k.error("controlPlaneEndpoint", endpoint,
          "is not a valid endpoint: must be host:port (an IP address or hostname, and a port 1-65535), e.g. 192.168.56.10:6443");
    }
    String repo = k.string("packageRepository", false);
    if (repo == null) {
      repo = KubernetesSpec.DEFAULT_PACKAGE_REPOSITORY;
    } else if (!repo.matches("https?://[^\\s;|&$`<>\\\\'\"]+")) {
      k.error("packageRepository", repo, "is not a valid repository URL: must be http(s)://... with no spaces or shell characters");
    }
    String kubeconfig = existingFile(k, "kubeconfig", false, false);
    return new KubernetesSpec(version, podSubnet, serviceSubnet, endpoint, repo, kubeconfig);
  }

  private static String cidr(Section s, String key, String fallback) {
    String v = s.string(key, false);
    if (v == null) {
      return fallback;
    }
    if (!Syntax.isCidrList(v)) {
      s.error(key, v, "is not a valid CIDR: must be ADDRESS/PREFIX, e.g. 10.244.0.0/16 (or two, comma-separated, for dual-stack)");
    }
    return v;
  }

  // ---- ssh ----

  private SshSpec ssh(Section s) {
    String user = s.string("user", true);
    if (user != null && !Syntax.isUnixUser(user)) {
      s.error("user", user, "is not a valid user name: lowercase letters, digits, '_' and '-', starting with a letter or '_', at most 32 characters");
    }
    String privateKey = existingFile(s, "privateKey", true, true);
    Boolean tofu = s.bool("trustOnFirstUse");
    boolean trustOnFirstUse = tofu != null && tofu;
    String knownHosts;
    if (s.has("knownHosts")) {
      knownHosts = trustOnFirstUse ? resolvedOnly(s, "knownHosts") : existingFile(s, "knownHosts", false, false);
    } else {
      knownHosts = files.resolve(DEFAULT_KNOWN_HOSTS).toString();
      if (!trustOnFirstUse && FileRefs.unreadable(Path.of(knownHosts)) != null) {
        s.error("knownHosts", null,
            "is not given and the default " + DEFAULT_KNOWN_HOSTS + " " + FileRefs.unreadable(Path.of(knownHosts))
                + ": host keys are verified, so give a known_hosts file (or set trustOnFirstUse: true to record them on first contact)");
      }
    }
    if (trustOnFirstUse) {
      s.warning("trustOnFirstUse", "true", "accepts unknown host keys on first contact and records them; turn it off once the lab is known");
    }
    int port = port(s, "port", SshSpec.DEFAULT_PORT);
    String passphraseEnv = s.string("privateKeyPassphraseEnv", false);
    if (passphraseEnv != null && !Syntax.isEnvName(passphraseEnv)) {
      s.error("privateKeyPassphraseEnv", passphraseEnv, "is not an environment variable name: letters, digits and '_', not starting with a digit");
    }
    Duration connect = duration(s, "connectTimeout", DEFAULT_CONNECT_TIMEOUT);
    Duration command = duration(s, "commandTimeout", DEFAULT_COMMAND_TIMEOUT);
    return new SshSpec(user, privateKey, knownHosts, port, trustOnFirstUse, passphraseEnv, connect, command);
  }

  /** A file that must exist; returns its resolved absolute path. */
  private String existingFile(Section s, String key, boolean required, boolean privateKey) {
    String ref = s.string(key, required);
    if (ref == null) {
      return null;
    }
    Path file = files.resolve(ref);
    String why = FileRefs.unreadable(file);
    if (why != null) {
      s.error(key, ref, why);
    } else if (privateKey) {
      String open = FileRefs.tooOpen(file);
      if (open != null) {
        s.error(key, ref, open);
      }
    }
    return file.toString();
  }

  private String resolvedOnly(Section s, String key) {
    String ref = s.string(key, false);
    return ref == null ? null : files.resolve(ref).toString();
  }

  // ---- hypervisor ----

  private HypervisorSpec hypervisor(Section h) {
    if (!h.present()) {
      return new HypervisorSpec(HypervisorSpec.NONE, null, null, null, null, null, null, null);
    }
    String kind = h.string("kind", true);
    if (kind != null && !HYPERVISOR_KINDS.contains(kind)) {
      h.error("kind", kind, "is not a known hypervisor: must be one of " + String.join(", ", HYPERVISOR_KINDS));
      kind = null;
    }
    if (kind != null) {
      Set<String> used = HYPERVISOR_FIELDS.get(kind);
      for (String field : HYPERVISOR) {
        if (!field.equals("kind") && !used.contains(field) && h.has(field)) {
          h.error(field, null, "does not apply to hypervisor kind " + kind + " (it uses: " + (used.isEmpty() ? "nothing else" : String.join(", ", used.stream().sorted().toList())) + ")");
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
      h.error("host", host, "is not a valid hypervisor host: must be 'local' or an address; " + Syntax.ADDRESS_RULE);
    }
    String provider = h.string("provider", vagrant);
    if (provider != null && vagrant && !VAGRANT_PROVIDERS.contains(provider)) {
      h.error("provider", provider, "is not a supported Vagrant provider: must be one of " + String.join(", ", VAGRANT_PROVIDERS));
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
      h.error("vmSwitch", vmSwitch, "is not a valid Hyper-V switch name: letters, digits, spaces, '.', '_' and '-'");
    }
    String vmPath = h.string("vmPath", false);
    if (vmPath != null && !vmPath.matches("[A-Za-z]:\\\\[^;|&$`<>'\"]*|/[^;|&$`<>'\"]*")) {
      h.error("vmPath", vmPath, "is not a valid folder: an absolute path (C:\\VMs\\lab1) with no quotes or shell characters");
    }
    String utmctl = h.string("utmctl", false);
    if (utmctl != null && !utmctl.matches("/[^;|&$`<>'\"]*")) {
      h.error("utmctl", utmctl, "is not a valid path: an absolute path with no quotes or shell characters");
    }
    return new HypervisorSpec(kind, host, provider, project, user, vmSwitch, vmPath, utmctl);
  }

  // ---- nodes ----

  private List<NodeSpec> nodes(Section top) {
    List<Section> items = top.objects("nodes", true, NODE);
    if (top.has("nodes") && items.isEmpty() && top.raw("nodes") != null && top.raw("nodes").isArray()) {
      top.error("nodes", null, "is empty: list at least one control-plane node");
    }
    List<NodeSpec> nodes = new ArrayList<>();
    Map<String, String> seenNames = new HashMap<>();
    Map<String, String> seenEndpoints = new HashMap<>();
    for (Section n : items) {
      String name = n.string("name", n.present());
      if (name != null) {
        if (!Syntax.isLabel(name)) {
          n.error("name", name, "is not a valid node name: " + Syntax.LABEL_RULE);
        } else if (seenNames.containsKey(name)) {
          n.error("name", name, "is a duplicate node name: " + seenNames.get(name) + " has it already; node names must be unique");
        } else {
          seenNames.put(name, n.path());
        }
      }
      String roleText = n.string("role", n.present());
      NodeRole role = null;
      if (roleText != null) {
        try {
          role = NodeRole.fromLabel(roleText);
        } catch (IllegalArgumentException e) {
          n.error("role", roleText, "is not a valid role: must be control-plane or worker");
        }
      }
      String address = n.string("address", n.present());
      if (address != null && !Syntax.isAddress(address)) {
        n.error("address", address, "is not a valid address: " + Syntax.ADDRESS_RULE);
      }
      Integer sshPort = n.has("sshPort") ? port(n, "sshPort", null) : null;
      if (address != null && Syntax.isAddress(address)) {
        String endpoint = address + ":" + (sshPort == null ? "default" : sshPort);
        String other = seenEndpoints.putIfAbsent(endpoint, n.path());
        if (other != null) {
          n.error("address", address, "is the same SSH endpoint as " + other + ": give each node its own address (or sshPort)");
        }
      }
      nodes.add(new NodeSpec(name, role, address, sshPort));
    }
    if (!items.isEmpty()) {
      long controlPlanes = nodes.stream().filter(x -> x.role() == NodeRole.CONTROL_PLANE).count();
      boolean rolesKnown = nodes.stream().allMatch(x -> x.role() != null);
      if (controlPlanes == 0 && rolesKnown) {
        top.error("nodes", null, "has no control-plane node: at least one node needs role: control-plane");
      } else if (controlPlanes > 0 && controlPlanes % 2 == 0) {
        top.warning("nodes", null,
            controlPlanes + " control planes: etcd needs a majority, so an even count tolerates no more failures than one fewer; prefer 1, 3 or 5");
      }
    }
    return nodes;
  }

  // ---- upgrade ----

  private UpgradeSpec upgrade(Section u, List<NodeSpec> nodes) {
    UpgradeSpec d = UpgradeSpec.defaults();
    if (!u.present()) {
      return d;
    }
    long workers = nodes.stream().filter(n -> n.role() == NodeRole.WORKER).count();
    String maxUnavailable = maxUnavailable(u, workers, d.maxUnavailable());
    DrainOptions drain = drain(u.object("drain", false, DRAIN));
    OnNodeFailure onFailure = label(u, "onNodeFailure", OnNodeFailure::fromLabel, d.onNodeFailure(), "wait-for-operator, abort or skip");
    ApprovalGate approval = label(u, "approval", ApprovalGate::fromLabel, d.approval(), "none, before-workers or before-each-batch");
    Long maxFailed = u.integer("maxFailedNodes", false);
    if (maxFailed != null && maxFailed < 0) {
      u.error("maxFailedNodes", String.valueOf(maxFailed), "must be 0 (no circuit breaker) or more");
    }
    Boolean etcdSnapshot = u.bool("etcdSnapshot");
    if (Boolean.FALSE.equals(etcdSnapshot)) {
      u.warning("etcdSnapshot", "false", "upgrades will run without an etcd snapshot to fall back on");
    }
    return new UpgradeSpec(
        maxUnavailable,
        drain,
        onFailure,
        approval,
        maxFailed == null || maxFailed < 0 ? d.maxFailedNodes() : maxFailed.intValue(),
        etcdSnapshot == null ? d.etcdSnapshot() : etcdSnapshot,
        duration(u, "pauseBetweenBatches", d.pauseBetweenBatches()),
        duration(u, "operatorTimeout", d.operatorTimeout()));
  }

  private static String maxUnavailable(Section u, long workers, String fallback) {
    JsonNode v = u.raw("maxUnavailable");
    if (v == null) {
      return fallback;
    }
    String text = Section.scalarText(v);
    if (text == null) {
      u.error("maxUnavailable", null, "must be a count (2) or a percentage of the workers (20%), got " + Section.describe(v));
      return fallback;
    }
    if (text.matches("\\d{1,3}%")) {
      int pct = Integer.parseInt(text.substring(0, text.length() - 1));
      if (pct < 1 || pct > 100) {
        u.error("maxUnavailable", text, "is not a valid percentage: must be 1% to 100% of the workers");
      }
      return text;
    }
    if (v.isIntegralNumber() || text.matches("\\d{1,9}")) {
      long n = v.isIntegralNumber() ? v.longValue() : Long.parseLong(text);
      if (n < 1) {
        u.error("maxUnavailable", text, "must be at least 1 (a rolling upgrade must make progress)");
      } else if (workers > 0 && n > workers) {
        u.error("maxUnavailable", text, "is more than the " + workers + " workers in nodes: must be 1 to " + workers + " (or a percentage)");
      }
      return text;
    }
    u.error("maxUnavailable", text, "must be a count (2) or a percentage of the workers (20%)");
    return fallback;
  }

  private DrainOptions drain(Section s) {
    DrainOptions d = DrainOptions.defaults();
    if (!s.present()) {
      return d;
    }
    Long grace = s.integer("gracePeriod", false);
    if (grace != null && (grace < -1 || grace > Integer.MAX_VALUE)) {
      s.error("gracePeriod", String.valueOf(grace), "must be -1 (each pod's own terminationGracePeriodSeconds) or a number of seconds >= 0");
    }
    String selector = s.string("podSelector", false);
    if (selector != null && !selector.matches("[A-Za-z0-9._/=!, ()-]+")) {
      s.error("podSelector", selector, "is not a valid label selector: letters, digits and . _ / - = ! , ( ) only");
    }
    return new DrainOptions(
        duration(s, "timeout", d.timeout()),
        grace == null || grace < -1 || grace > Integer.MAX_VALUE ? d.gracePeriodSeconds() : grace.intValue(),
        flag(s, "deleteEmptyDirData", d.deleteEmptyDirData()),
        flag(s, "ignoreDaemonSets", d.ignoreDaemonSets()),
        flag(s, "force", d.force()),
        selector,
        flag(s, "disableEvictionFallback", d.disableEvictionFallback()),
        duration(s, "skipWaitForDeleteTimeout", d.skipWaitForDeleteTimeout()));
  }

  // ---- backup and drill ----

  private BackupSpec backup(Section b) {
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
        v.error("storageLocation", location, "is not a valid BackupStorageLocation name: " + Syntax.LABEL_RULE);
      }
      velero = new BackupSpec.VeleroSpec(ns == null ? "velero" : ns, location == null ? "default" : location);
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
        o.error("passwordEnv", passwordEnv, "is not an environment variable name: letters, digits and '_', not starting with a digit");
      }
      Long keep = o.integer("keepLast", false);
      if (keep != null && keep < 0) {
        o.error("keepLast", String.valueOf(keep), "must be 0 (keep all) or more");
      }
      offHost = new BackupSpec.OffHostSpec(tool, source, destination, passwordEnv, keep == null || keep < 0 ? 0 : keep.intValue());
    }
    return new BackupSpec(velero, offHost);
  }

  private static String remote(Section o, String key) {
    String v = o.string(key, true);
    if (v != null && !Syntax.isSafeText(v)) {
      o.error(key, v, "is not a valid remote: REMOTE:PATH (rclone) or a repository (restic), with no spaces or shell characters");
    }
    return v;
  }

  private DrillSpec drill(Section d) {
    if (!d.present()) {
      return null;
    }
    String schedule = d.string("schedule", false);
    if (schedule != null && !schedule.trim().matches("[0-9A-Za-z*/,?#-]+( [0-9A-Za-z*/,?#-]+){4}")) {
      d.error("schedule", schedule, "is not a cron expression: five fields (minute hour day-of-month month day-of-week), e.g. \"0 3 * * SUN\"");
    }
    List<DrillSpec.DrillCheck> checks = new ArrayList<>();
    for (Section c : d.objects("checks", false, DRILL_CHECK)) {
      String kind = c.string("kind", c.present());
      if (kind != null && !DRILL_KINDS.contains(kind)) {
        c.error("kind", kind, "is not a known check: must be one of " + String.join(", ", DRILL_KINDS));
      }
      String ns = c.string("namespace", "workloads-ready".equals(kind) || "sentinel-checksum".equals(kind));
      if (ns != null && !Syntax.isLabel(ns)) {
        c.error("namespace", ns, "is not a valid namespace: " + Syntax.LABEL_RULE);
      }
      String resource = c.string("resource", "sentinel-checksum".equals(kind));
      if (resource != null && !resource.matches("[a-z0-9./-]+")) {
        c.error("resource", resource, "is not a valid resource path: kind/name, e.g. configmap/sentinel");
      }
      String expected = c.string("expected", "sentinel-checksum".equals(kind));
      if (expected != null && "sentinel-checksum".equals(kind) && !expected.matches("[0-9a-f]{64}")) {
        c.error("expected", expected, "is not a sha256: 64 lowercase hex digits");
      }
      if (expected != null && "http-probe".equals(kind) && !expected.matches("[1-5]\\d\\d")) {
        c.error("expected", expected, "is not an HTTP status code (100-599)");
      }
      String url = c.string("url", "http-probe".equals(kind));
      if (url != null && !url.matches("https?://[^\\s;|&$`<>\\\\'\"]+")) {
        c.error("url", url, "is not a valid URL: http(s)://... with no spaces or shell characters");
      }
      checks.add(new DrillSpec.DrillCheck(kind, ns, resource, expected, url));
    }
    return new DrillSpec(schedule, checks);
  }

  // ---- shared field readers ----

  private static Integer port(Section s, String key, Integer fallback) {
    Long p = s.integer(key, false);
    if (p == null) {
      return fallback;
    }
    if (!Syntax.isPort(p)) {
      s.error(key, String.valueOf(p), "is not a valid port: must be 1-65535");
      return fallback;
    }
    return p.intValue();
  }

  private static Duration duration(Section s, String key, Duration fallback) {
    String text = s.string(key, false);
    if (text == null) {
      return fallback;
    }
    try {
      return Durations.parse(text);
    } catch (IllegalArgumentException e) {
      s.error(key, text, "is not a valid duration: must look like 30s, 10m, 1h or 1h30m");
      return fallback;
    }
  }

  private static boolean flag(Section s, String key, boolean fallback) {
    Boolean b = s.bool(key);
    return b == null ? fallback : b;
  }

  private static <T> T label(Section s, String key, Function<String, T> parse, T fallback, String allowed) {
    String text = s.string(key, false);
    if (text == null) {
      return fallback;
    }
    try {
      return parse.apply(text);
    } catch (IllegalArgumentException e) {
      s.error(key, text, "is not valid: must be " + allowed);
      return fallback;
    }
  }
}
