package dev.bosun.cli.plan;

import static dev.bosun.activities.bootstrap.BootstrapCommands.*;

import dev.bosun.activities.bootstrap.KubeadmConfigs;
import dev.bosun.activities.hypervisor.HyperVScripts;
import dev.bosun.activities.hypervisor.UtmCommands;
import dev.bosun.activities.hypervisor.VagrantCommands;
import dev.bosun.activities.node.NodeCommands;
import dev.bosun.workflows.activities.KubeadmInitRequest;
import dev.bosun.workflows.activities.VmRequest;
import dev.bosun.workflows.model.HypervisorSpec;
import dev.bosun.workflows.model.InitSpec;
import dev.bosun.workflows.model.Inventory;
import dev.bosun.workflows.model.KubeVersion;
import dev.bosun.workflows.model.NodeSpec;
import dev.bosun.workflows.model.VmSpec;
import java.io.PrintWriter;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code bosun plan init}: what {@code bosun init} would do, in its order, with the commands it sends — built from the
 * same command files the activities use, reading nothing and changing nothing. Host steps are check-then-act: each
 * mutating command shown runs only when the host lacks what it makes.
 */
public final class InitPlan {

  private final Inventory inv;
  private final PrintWriter out;

  public InitPlan(Inventory inv, PrintWriter out) {
    this.inv = inv;
    this.out = out;
  }

  public void print() {
    InitSpec init = inv.init();
    KubeVersion version = inv.kubernetes().kubeVersion();
    out.println("Plan: init " + inv.cluster() + " at " + version + " — "
        + inv.controlPlanes().size() + " control plane(s), " + inv.workers().size()
        + " worker(s); nothing is changed by this plan");
    hypervisors();
    vms(init);
    out.println();
    out.println("3. every node, " + init.parallelism()
        + " at a time (each command only when the host lacks what it makes):");
    out.println("   wait for SSH (up to " + init.sshTimeout().toMinutes()
        + " min); architecture: $ " + ARCHITECTURE);
    for (String c : List.of(
        INSTALL_CONTAINERD,
        WRITE_CONTAINERD_CONFIG,
        writeFile(MODULES_FILE, false) + "  # " + MODULES,
        LOAD_MODULES,
        writeFile(SYSCTL_FILE, false) + "  # " + SYSCTLS.keySet(),
        APPLY_SYSCTLS,
        SWAP_OFF,
        ENABLE_CONTAINERD)) {
      out.println("   $ " + c);
    }
    for (String arch : archs()) {
      out.println("   " + arch + ": $ "
          + fetchKeyring(inv.kubernetes().packageRepositoryOrDefault(), version));
      out.println("   " + arch + ": " + NodeCommands.REPOSITORY_FILE + ": "
          + NodeCommands.repositoryLine(
              inv.kubernetes().packageRepositoryOrDefault(), version, arch));
    }
    out.println("   $ apt-get install kubeadm, kubelet, kubectl at " + version
        + " (the exact -REV from apt-cache madison), held; " + ENABLE_KUBELET);
    NodeSpec first = inv.firstControlPlane();
    out.println();
    out.println("4. kubeadm init on " + first.name() + ":");
    out.println("   $ " + writeFile(INIT_CONFIG, true) + "  < the configuration below");
    out.println("   $ " + INIT);
    KubeadmInitRequest request = new KubeadmInitRequest(
        version,
        inv.kubernetes().controlPlaneEndpoint(),
        inv.kubernetes().podSubnet(),
        inv.kubernetes().serviceSubnet(),
        first.address() == null ? "<its address>" : first.address());
    KubeadmConfigs.init(first.name(), request).lines().forEach(l -> out.println("     | " + l));
    out.println("   CNI: $ " + applyCni(init.cniManifest()));
    List<NodeSpec> others = inv.controlPlanes().stream().skip(1).toList();
    out.println();
    out.println("5. join the other control planes one by one"
        + (others.isEmpty()
            ? ": none"
            : ": " + String.join(", ", others.stream().map(NodeSpec::name).toList())));
    if (!others.isEmpty()) {
      joinCommands(true);
    }
    etcdClient(init);
    out.println("7. join the workers, " + init.parallelism() + " at a time: "
        + String.join(", ", inv.workers().stream().map(NodeSpec::name).toList()));
    if (!inv.workers().isEmpty()) {
      joinCommands(false);
    }
    out.println("8. every node Ready (up to " + init.readyTimeout().toMinutes() + " min)"
        + (inv.workers().isEmpty()
            ? ""
            : "; each worker labelled, e.g. $ "
                + label(
                    inv.workers().get(0).name(),
                    java.util.Map.of("node-role.kubernetes.io/worker", ""))));
    out.println();
    out.println(
        "On failure a node waits for bosun retry | skip (workers) | abort; abort resets what joined ($ "
            + RESET + ") and destroys the VMs this init created, never one it adopted.");
    out.flush();
  }

  /** etcdctl and etcdutl on each control plane, from the release of the etcd it runs (unless etcdClient: none). */
  private void etcdClient(InitSpec init) {
    if (!init.installsEtcdClient()) {
      out.println(
          "6. etcdctl and etcdutl: not installed (init.etcdClient: none); bosun upgrade and bosun"
              + " backup need them on every control plane");
      return;
    }
    // shown for the etcd of kubeadm 1.30-1.31 on amd64: each node's own version and architecture
    // are read there
    String version = "3.5.15";
    String asset = etcdAsset(version, "amd64");
    String dir = DOWNLOAD_DIR_PREFIX + "XXXXXXXXXX";
    out.println("6. etcdctl and etcdutl on every control plane, " + init.parallelism()
        + " at a time (skipped where both answer at the etcd version the node runs; a failure is a note,"
        + " not a failed build), e.g. for etcd " + version + " on amd64:");
    out.println("   etcd version: $ " + ETCD_MANIFEST + "  (its image tag)");
    out.println("   $ " + MAKE_DOWNLOAD_DIR + "  (DIR: " + dir + ")");
    out.println(
        "   $ " + download(etcdReleaseUrl(init.etcdReleases(), version, asset), dir + "/" + asset));
    out.println("   $ "
        + download(
            etcdReleaseUrl(init.etcdReleases(), version, "SHA256SUMS"), dir + "/SHA256SUMS"));
    out.println("   $ " + sha256(dir + "/" + asset)
        + "  must print the digest SHA256SUMS lists for " + asset + ", else nothing is installed");
    out.println("   $ " + extractEtcdClient(dir, version, "amd64"));
    out.println("   $ " + installEtcdClient(dir) + "; then $ " + removeDownloadDir(dir));
  }

  private void hypervisors() {
    if (inv.vmNodes().isEmpty()) {
      out.println();
      out.println("1-2. no node has a vm section: no hypervisor is used, no VM is created");
      return;
    }
    out.println();
    out.println("1. inspect each hypervisor (version, edition, switch, snapshots):");
    for (String name : hypervisorNames()) {
      HypervisorSpec h = spec(name);
      out.println("   " + name + " (" + h.kind() + " on " + h.host() + "): "
          + switch (h.kind()) {
            case HypervisorSpec.VAGRANT -> "$ " + VagrantCommands.VERSION;
            case HypervisorSpec.HYPERV ->
              "PS> " + HyperVScripts.inspect(h.vmSwitch()).lines().findFirst().orElse("") + " …";
            default -> "$ " + UtmCommands.version(h.utmctl());
          });
    }
  }

  private void vms(InitSpec init) {
    if (inv.vmNodes().isEmpty()) {
      return;
    }
    out.println();
    out.println("2. create the VMs, " + init.parallelism()
        + " at a time, and wait for their addresses (up to "
        + init.addressTimeout().toMinutes()
        + " min); a VM of this name with this cluster's marker is adopted:");
    for (NodeSpec n : inv.vmNodes()) {
      VmSpec vm = n.vm();
      String name = VmRequest.vmName(inv.cluster(), n.name());
      HypervisorSpec h = inv.hypervisorOf(n);
      out.println("   " + n.name() + ": " + name + " on " + Inventory.hypervisorName(n) + " — "
          + vm.image() + ", " + vm.cpus() + " CPU, " + vm.memoryMiB() + " MiB, " + vm.diskGiB()
          + " GiB" + (vm.arch() == null ? "" : ", " + vm.arch()));
      switch (h.kind()) {
        case HypervisorSpec.VAGRANT -> {
          out.println("     $ " + VagrantCommands.writeVagrantfile(h.project())
              + "  < the Vagrantfile with every VM of the cluster");
          out.println("     $ " + VagrantCommands.up(h.project(), name, h.provider()));
          out.println("     $ " + VagrantCommands.sshConfig(h.project(), name));
        }
        case HypervisorSpec.HYPERV -> {
          String vhdx = HyperVScripts.diskPath(h.vmPath(), name);
          HyperVScripts.createVm(
                  name,
                  vhdx,
                  vm.image(),
                  h.vmPath(),
                  h.vmSwitch(),
                  vm.memoryMiB() * 1024L * 1024L,
                  vm.diskGiB() * 1024L * 1024L * 1024L,
                  vm.cpus(),
                  "bosun:cluster=" + inv.cluster())
              .lines()
              .forEach(l -> out.println("     PS> " + l));
          out.println(
              "     PS> " + HyperVScripts.addresses(name).lines().findFirst().orElse(""));
        }
        default -> {
          out.println("     $ " + UtmCommands.cloneVm(h.utmctl(), vm.image(), name));
          out.println("     $ " + UtmCommands.start(h.utmctl(), name));
          out.println("     $ " + UtmCommands.ipAddress(h.utmctl(), name));
        }
      }
    }
  }

  private void joinCommands(boolean controlPlane) {
    out.println("   on " + inv.firstControlPlane().name() + ": $ " + TOKEN_CREATE
        + (controlPlane ? "; $ " + UPLOAD_CERTS : "") + "  (the token"
        + (controlPlane ? " and the certificate key" : "") + " never leave the activity)");
    out.println("   on the node: $ " + writeFile(JOIN_CONFIG, true) + "  < JoinConfiguration; $ "
        + JOIN + "; $ " + REMOVE_JOIN_CONFIG);
  }

  private Set<String> hypervisorNames() {
    Set<String> names = new LinkedHashSet<>();
    inv.vmNodes().forEach(n -> names.add(Inventory.hypervisorName(n)));
    return names;
  }

  private HypervisorSpec spec(String name) {
    return inv.vmNodes().stream()
        .filter(n -> Inventory.hypervisorName(n).equals(name))
        .findFirst()
        .map(inv::hypervisorOf)
        .orElseThrow();
  }

  /** The architectures the repository lines are written for: the inventory's, amd64 for nodes that leave it to the image. */
  private Set<String> archs() {
    Set<String> archs = new LinkedHashSet<>();
    for (NodeSpec n : inv.nodes()) {
      archs.add(
          n.vm() != null && n.vm().arch() != null
              ? n.vm().arch()
              : VmSpec.AMD64); // detected; amd64 shown
    }
    return archs;
  }
}
