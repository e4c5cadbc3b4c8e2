package dev.bosun.cli.operation;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** A valid two-node inventory (with its key and known_hosts) for tests that never reach a host. */
final class TestInventory {

  private TestInventory() {}

  /** Writes lab.yaml, id_ed25519 (0600) and known_hosts into {@code dir}; returns the inventory's path. */
  static String write(Path dir) throws IOException {
    Path key = dir.resolve("id_ed25519");
    Files.writeString(key, "placeholder\n");
    Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
    Files.writeString(dir.resolve("known_hosts"), "");
    Path file = dir.resolve("lab.yaml");
    Files.writeString(file, """
        cluster: lab1
        kubernetes: { version: v1.30.6, controlPlaneEndpoint: 192.168.56.10:6443 }
        ssh: { user: vagrant, privateKey: id_ed25519, knownHosts: known_hosts }
        nodes:
          - { name: cp-1, role: control-plane, address: 192.168.56.11 }
          - { name: w-1, role: worker, address: 192.168.56.21 }
        """);
    return file.toString();
  }
}
