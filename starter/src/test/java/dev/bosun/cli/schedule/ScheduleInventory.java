package dev.bosun.cli.schedule;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** A valid inventory with a backup and a drill section, for one cluster of a schedule test. */
final class ScheduleInventory {

  private ScheduleInventory() {}

  /** Writes {@code <cluster>.yaml} and the files it refers to into {@code dir}; returns its path. */
  static String write(Path dir, String cluster) throws IOException {
    Path key = dir.resolve("id_ed25519");
    if (!Files.exists(key)) {
      Files.writeString(key, "placeholder\n");
      Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
      Files.writeString(dir.resolve("known_hosts"), "");
      Files.writeString(dir.resolve("rclone.conf"), "[nas]\ntype = local\n");
      Files.writeString(dir.resolve("drill-s3-credentials"), "[default]\n");
    }
    Path file = dir.resolve(cluster + ".yaml");
    Files.writeString(file, """
        cluster: %s
        kubernetes: { version: v1.30.6, controlPlaneEndpoint: 192.168.56.10:6443 }
        ssh: { user: vagrant, privateKey: id_ed25519, knownHosts: known_hosts }
        nodes:
          - { name: cp-1, role: control-plane, address: 192.168.56.11 }
          - { name: w-1, role: worker, address: 192.168.56.21 }
        backup:
          velero: { namespace: velero, storageLocation: default }
          offHost: { tool: rclone, source: "minio:velero", destination: "nas:%s-velero", rcloneConfig: %s }
        drill:
          checks: [ { kind: restore-phase } ]
          scratch:
            controlPlaneEndpoint: 192.168.57.10:6443
            hypervisor: { kind: vagrant, host: local, provider: libvirt, project: %s }
            nodes:
              - { name: d-cp-1, role: control-plane, address: 192.168.57.11, vm: { image: bento/debian-12, cpus: 2, memory: 4GiB } }
          velero:
            plugins: velero/velero-plugin-for-aws:v1.14.3
            credentialsFile: %s
            scratchBucket: "minio:drill-scratch"
            bucket: drill-scratch
            region: us-east-1
            s3Url: http://192.168.56.5:9000
        """.formatted(
            cluster,
            cluster,
            dir.resolve("rclone.conf"),
            dir.resolve("drill-project"),
            dir.resolve("drill-s3-credentials")));
    return file.toString();
  }
}
