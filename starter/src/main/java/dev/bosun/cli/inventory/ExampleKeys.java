package dev.bosun.cli.inventory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;

/**
 * The throwaway SSH key and known_hosts file that {@code examples/*.yaml} reference
 * ({@code ~/.bosun/examples/lab_ed25519}, {@code ~/.bosun/examples/known_hosts}), so that the examples
 * validate on a fresh clone. The key is generated on this machine by ssh-keygen (never committed) and
 * is meant for lab VMs and lab-sim only.
 */
public final class ExampleKeys {

  public static final String DIR = ".bosun/examples";
  public static final String KEY = "lab_ed25519";
  public static final String KNOWN_HOSTS = "known_hosts";

  private ExampleKeys() {}

  /** Creates what is missing; returns false (and changes nothing more) when ssh-keygen is unavailable. */
  public static boolean ensure(Path home) {
    Path dir = home.resolve(DIR);
    Path key = dir.resolve(KEY);
    try {
      Files.createDirectories(dir);
      Path knownHosts = dir.resolve(KNOWN_HOSTS);
      if (!Files.exists(knownHosts)) {
        Files.writeString(
            knownHosts,
            "# host keys of the example labs (bosun adds them only when trustOnFirstUse is on)\n");
      }
      if (Files.exists(key)) {
        return true;
      }
      Process p = new ProcessBuilder(
              "ssh-keygen",
              "-q",
              "-t",
              "ed25519",
              "-N",
              "",
              "-C",
              "bosun example key - lab VMs only",
              "-f",
              key.toString())
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .start();
      if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
        p.destroyForcibly();
        return false;
      }
      Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
      return true;
    } catch (IOException | UnsupportedOperationException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
