package dev.bosun.cli.inventory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** A temp directory with a home, an SSH key (0600) and a known_hosts file, plus a minimal valid inventory. */
final class InventoryFixture {

  /** Line numbers matter: tests assert positions in this text. */
  static final String BASE = """
      cluster: lab1
      kubernetes:
        version: v1.30.6
        controlPlaneEndpoint: 192.168.56.10:6443
      ssh:
        user: vagrant
        privateKey: keys/id_ed25519
        knownHosts: keys/known_hosts
      nodes:
        - { name: cp-1, role: control-plane, address: 192.168.56.11 }
        - { name: w-1, role: worker, address: 192.168.56.21 }
      """;

  final Path dir;
  final Path home;
  final Path key;

  InventoryFixture(Path dir) throws IOException {
    this.dir = dir;
    this.home = Files.createDirectories(dir.resolve("home"));
    Path keys = Files.createDirectories(dir.resolve("keys"));
    this.key = keys.resolve("id_ed25519");
    // contents don't matter to validation (it never reads key material); existence and mode do
    Files.writeString(key, "test key placeholder\n");
    Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
    Files.writeString(keys.resolve("known_hosts"), "");
  }

  InventoryResult parse(String yaml) {
    return new InventoryLoader(home).parse(Path.of("lab.yaml"), yaml, dir);
  }

  /** BASE with one exact piece of text replaced (which must be there). */
  InventoryResult parseEdited(String find, String replace) {
    if (!BASE.contains(find)) {
      throw new IllegalArgumentException("fixture does not contain: " + find);
    }
    return parse(BASE.replace(find, replace));
  }
}
