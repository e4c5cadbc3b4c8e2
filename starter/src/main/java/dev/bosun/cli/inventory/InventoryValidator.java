package dev.bosun.cli.inventory;

import static dev.bosun.cli.inventory.Section.keys;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bosun.activities.kube.KubeconfigReader;
import dev.bosun.workflows.model.BackupSpec;
import dev.bosun.workflows.model.DrillSpec;
import dev.bosun.workflows.model.HypervisorSpec;
import dev.bosun.workflows.model.InitSpec;
import dev.bosun.workflows.model.Inventory;
import dev.bosun.workflows.model.KubeVersion;
import dev.bosun.workflows.model.KubernetesSpec;
import dev.bosun.workflows.model.NodeSpec;
import dev.bosun.workflows.model.SshSpec;
import dev.bosun.workflows.model.UpgradeSpec;
import dev.bosun.workflows.rules.Syntax;
import dev.bosun.workflows.rules.UrlRule;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks an inventory tree against every rule (reporting all problems, in document order) and reads it
 * into the immutable records, defaults applied. The records are only handed out when there is no error.
 */
final class InventoryValidator {

  static final Set<String> TOP = keys(
      "cluster",
      "kubernetes",
      "ssh",
      "hypervisor",
      "hypervisors",
      "nodes",
      "init",
      "upgrade",
      "backup",
      "drill");
  static final Set<String> KUBERNETES = keys(
      "version",
      "podSubnet",
      "serviceSubnet",
      "controlPlaneEndpoint",
      "packageRepository",
      "kubeconfig");
  static final Set<String> SSH = keys(
      "user",
      "privateKey",
      "knownHosts",
      "port",
      "trustOnFirstUse",
      "privateKeyPassphraseEnv",
      "connectTimeout",
      "commandTimeout");

  static final String DEFAULT_POD_SUBNET = "10.244.0.0/16";
  static final String DEFAULT_SERVICE_SUBNET = "10.96.0.0/12";
  static final String DEFAULT_KNOWN_HOSTS = "~/.ssh/known_hosts";
  static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
  static final Duration DEFAULT_COMMAND_TIMEOUT = Duration.ofMinutes(30);

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
      // never quoted: a file that is not an inventory (a password file, a key) must not be echoed
      problems.error(
          "",
          null,
          "the inventory must be a mapping with the keys cluster, kubernetes, ssh, nodes (and optionally hypervisor(s), init, upgrade, backup, drill), got "
              + Section.describe(root));
      return null;
    }
    if (TOP.stream().noneMatch(root::has)) {
      // a YAML mapping, but not an inventory (a password file parses as one): nothing of it is
      // quoted
      problems.error(
          "",
          null,
          "is not a Bosun inventory: it has none of the keys "
              + String.join(", ", TOP.stream().sorted().toList()) + " (see docs/inventory.md)");
      return null;
    }
    SecretScan.scan(root, "", problems);
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
    HypervisorSpec hypervisor = HypervisorSection.read(
        top.object("hypervisor", false, HypervisorSection.HYPERVISOR), files);
    Map<String, HypervisorSpec> hypervisors = HypervisorSection.readNamed(top, files);
    List<NodeSpec> nodes = NodesSection.read(top, hypervisor, hypervisors);
    InitSpec init = InitSection.read(top.object("init", false, InitSection.INIT));
    UpgradeSpec upgrade =
        UpgradeSection.read(top.object("upgrade", false, UpgradeSection.UPGRADE), nodes);
    BackupSpec backup = BackupSection.read(top.object("backup", false, BackupSection.BACKUP));
    DrillSpec drill = DrillSection.read(top.object("drill", false, DrillSection.DRILL), files);
    if (!problems.errors().isEmpty()) {
      return null;
    }
    return new Inventory(
        cluster, kubernetes, ssh, hypervisor, nodes, upgrade, backup, drill, hypervisors, init);
  }

  // ---- kubernetes ----

  private KubernetesSpec kubernetes(Section k) {
    String version = k.string("version", true);
    if (version != null && !KubeVersion.isValid(version)) {
      k.error(
          "version",
          version,
          "is not a valid Kubernetes version: must be vMAJOR.MINOR.PATCH, e.g. v1.31.2");
    }
    String podSubnet = k.cidr("podSubnet", DEFAULT_POD_SUBNET);
    String serviceSubnet = k.cidr("serviceSubnet", DEFAULT_SERVICE_SUBNET);
    String endpoint = k.string("controlPlaneEndpoint", true);
    if (endpoint != null && !Syntax.isHostPort(endpoint)) {
      k.error(
          "controlPlaneEndpoint",
          endpoint,
          "is not a valid endpoint: must be host:port (an IP address or hostname, and a port 1-65535), e.g. 192.168.56.10:6443");
    }
    String repo = k.string("packageRepository", false);
    if (repo == null) {
      repo = KubernetesSpec.DEFAULT_PACKAGE_REPOSITORY;
    } else if (UrlRule.problem(repo, false) != null) {
      // the activity's own rule (NodeCommands.repositoryLine); never quoted: it may hold a password
      k.error("packageRepository", null, UrlRule.problem(repo, false));
    }
    String kubeconfig = existingFile(k, "kubeconfig", false, false);
    if (kubeconfig != null && FileRefs.unreadable(Path.of(kubeconfig)) == null) {
      // the worker's own rules (no exec, no proxies, no file paths), so validate passes what the
      // activity uses
      String problem = KubeconfigReader.problemWithOperatorFile(
          FileRefs.text(Path.of(kubeconfig), InventoryLoader.MAX_BYTES));
      if (problem != null) {
        k.error("kubeconfig", null, problem);
      }
    }
    return new KubernetesSpec(version, podSubnet, serviceSubnet, endpoint, repo, kubeconfig);
  }

  // ---- ssh ----

  private SshSpec ssh(Section s) {
    String user = s.string("user", true);
    if (user != null && !Syntax.isUnixUser(user)) {
      s.error(
          "user",
          user,
          "is not a valid user name: lowercase letters, digits, '_' and '-', starting with a letter or '_', at most 32 characters");
    }
    String privateKey = existingFile(s, "privateKey", true, true);
    Boolean tofu = s.bool("trustOnFirstUse");
    boolean trustOnFirstUse = tofu != null && tofu;
    String knownHosts;
    if (s.has("knownHosts")) {
      knownHosts = trustOnFirstUse
          ? resolvedOnly(s, "knownHosts")
          : existingFile(s, "knownHosts", false, false);
    } else {
      knownHosts = files.resolve(DEFAULT_KNOWN_HOSTS).toString();
      if (!trustOnFirstUse && FileRefs.unreadable(Path.of(knownHosts)) != null) {
        s.error(
            "knownHosts",
            null,
            "is not given and the default " + DEFAULT_KNOWN_HOSTS + " "
                + FileRefs.unreadable(Path.of(knownHosts))
                + ": host keys are verified, so give a known_hosts file (or set trustOnFirstUse: true to record them on first contact)");
      }
    }
    if (trustOnFirstUse) {
      s.warning(
          "trustOnFirstUse",
          "true",
          "accepts unknown host keys on first contact and records them; turn it off once the lab is known");
    }
    int port = s.port("port", SshSpec.DEFAULT_PORT);
    String passphraseEnv = s.string("privateKeyPassphraseEnv", false);
    if (passphraseEnv != null && !Syntax.isEnvName(passphraseEnv)) {
      s.error(
          "privateKeyPassphraseEnv",
          passphraseEnv,
          "is not an environment variable name: letters, digits and '_', not starting with a digit");
    }
    Duration connect = s.duration("connectTimeout", DEFAULT_CONNECT_TIMEOUT);
    Duration command = s.duration("commandTimeout", DEFAULT_COMMAND_TIMEOUT);
    return new SshSpec(
        user, privateKey, knownHosts, port, trustOnFirstUse, passphraseEnv, connect, command);
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
}
