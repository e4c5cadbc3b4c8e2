package dev.bosun.cli.demo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The backup and drill sections of a lab a restore drill runs on, written one way for {@code bosun demo drill}
 * ({@link DrillDemo}: the tools run on the lab's w-1) and for the real-backend drill lab ({@code DrillLab}: the tools
 * run on the worker's machine). Velero backs up into {@value #BUCKET}; rclone copies it from the remote
 * {@value #S3_REMOTE} to the remote {@value #NAS_REMOTE}; the drill restores the copy into {@value #SCRATCH_BUCKET}
 * for the scratch cluster's Velero; the scratch cluster is a control plane and a worker made as VMs on the Vagrant host
 * of the lab beside.
 *
 * @param cluster the lab's cluster; its scratch cluster is {@code <cluster>-drill}
 * @param namespaces what the backup includes
 * @param checkWorkloads a workloads-ready check per namespace besides the restore phase
 * @param rcloneConfig the rclone config file (from {@link #rcloneConfig}) where the tools run
 * @param stagingDir backup.offHost.stagingDir, on the worker's machine
 * @param runOn the node the tools run on; null: the worker's machine
 * @param scratchApiServer the scratch cluster's API server URL
 * @param vagrantHost the address of the Vagrant host that makes the scratch VMs
 * @param credentialsFile the S3 credentials file the scratch Velero gets
 * @param s3Url the S3 endpoint the scratch Velero reads {@value #SCRATCH_BUCKET} from
 */
public record DrillLabInventory(
    String cluster,
    List<String> namespaces,
    boolean checkWorkloads,
    String rcloneConfig,
    String stagingDir,
    String runOn,
    String scratchApiServer,
    String vagrantHost,
    String credentialsFile,
    String s3Url) {

  /** Velero's bucket in the lab. */
  public static final String BUCKET = "velero";

  /** The bucket the drill restores the off-host copy into, for the scratch cluster's Velero. */
  public static final String SCRATCH_BUCKET = "drill-scratch";

  static final String S3_REMOTE = "labs3";
  static final String NAS_REMOTE = "nas";

  /**
   * The scratch VMs' addresses: lab-sim gives the VMs it creates the next free 127.0.5.x (LabSim's VM hosts), so the
   * inventory's d-cp-1 and d-w-1 are 127.0.5.1 and .2, and no host left on this prefix means no VM left.
   */
  public static final String SCRATCH_ADDRESS_PREFIX = "127.0.5.";

  /** drill.scratch.hypervisor.project: the Vagrant project of the scratch cluster's VMs. */
  public static String scratchProject(String cluster) {
    return "/home/bosun/labs/" + cluster + "-drill";
  }

  /**
   * The rclone config naming both ends of the copy: {@value #S3_REMOTE} (the lab's S3; {@code s3Settings} are its
   * {@code key = value} lines: endpoint, and keys where the endpoint wants them) and {@value #NAS_REMOTE} (the folder
   * {@code nas}).
   */
  public static String rcloneConfig(String s3Settings, String nas) {
    return "[" + S3_REMOTE + "]\ntype = s3\nprovider = Other\n" + s3Settings + "\n[" + NAS_REMOTE
        + "]\ntype = alias\nremote = " + nas + "\n";
  }

  /** {@code rclone} remote:path of the copies: one folder per backup under {@code <cluster>-velero}. */
  public String copies() {
    return NAS_REMOTE + ":" + cluster + "-velero";
  }

  /** {@link #appendTo} of the lab's inventory file, written as {@code dir/drill-inventory.yaml}. */
  public Path write(Path labInventory, Path dir) throws IOException {
    Path file = dir.resolve("drill-inventory.yaml");
    Files.writeString(file, appendTo(Files.readString(labInventory)));
    return file;
  }

  /**
   * lab-sim's inventory of the lab with host keys trusted on first use (the scratch VMs' keys are new) and the init,
   * backup and drill sections appended.
   */
  public String appendTo(String labInventory) {
    StringBuilder checks = new StringBuilder("    - { kind: restore-phase }\n");
    if (checkWorkloads) {
      namespaces.forEach(ns ->
          checks.append("    - { kind: workloads-ready, namespace: ").append(ns).append(" }\n"));
    }
    return labInventory.replaceFirst("(ssh: \\{[^\\n]*?) }\\n", "$1, trustOnFirstUse: true }\n")
        + "init: { parallelism: 1, addressTimeout: 2m, sshTimeout: 2m, readyTimeout: 2m }\n"
        + "backup:\n"
        + "  velero: { namespace: velero, storageLocation: default, includeNamespaces: ["
        + String.join(", ", namespaces) + "], timeout: 2m }\n"
        + "  offHost: { tool: rclone, source: \"" + S3_REMOTE + ":" + BUCKET + "\", destination: \""
        + copies() + "\", rcloneConfig: \"" + rcloneConfig + "\", stagingDir: \"" + stagingDir
        + "\", "
        + (runOn == null ? "" : "runOn: " + runOn + ", ") + "keepLast: 3 }\n"
        + "drill:\n"
        + "  checks:\n"
        + checks
        + "  scratch:\n"
        + "    controlPlaneEndpoint: \"" + scratchApiServer.replaceFirst("^https?://", "") + "\"\n"
        + "    hypervisor: { kind: vagrant, host: " + vagrantHost + ", provider: libvirt, project: "
        + scratchProject(cluster) + " }\n"
        + "    nodes:\n"
        + "      - { name: d-cp-1, role: control-plane, address: " + SCRATCH_ADDRESS_PREFIX + "1,"
        + " vm: { image: bento/ubuntu-22.04, cpus: 2, memory: 2GiB } }\n"
        // a worker: Velero's Deployment (velero install --wait) does not tolerate the control
        // plane's taint
        + "      - { name: d-w-1, role: worker, address: " + SCRATCH_ADDRESS_PREFIX + "2,"
        + " vm: { image: bento/ubuntu-22.04, cpus: 2, memory: 2GiB } }\n"
        + "  velero:\n"
        + "    plugins: velero/velero-plugin-for-aws:v1.14.3\n"
        + "    credentialsFile: \"" + credentialsFile + "\"\n"
        + "    scratchBucket: \"" + S3_REMOTE + ":" + SCRATCH_BUCKET + "\"\n"
        + "    bucket: " + SCRATCH_BUCKET + "\n"
        + "    s3Url: \"" + s3Url + "\"\n";
  }
}
