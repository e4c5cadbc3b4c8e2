package dev.bosun.activities.hypervisor;

import dev.bosun.activities.ssh.ShellQuote;

/**
 * Every command Bosun runs on a Mac with UTM, through {@code utmctl} (UTM's own CLI, UTM 4.x: list, status, clone
 * --name, start, stop, delete, ip-address, version). utmctl cannot write a VM's notes, so Bosun's marker is a file in
 * the SSH user's home on the Mac, {@code .bosun/utm/<cluster>/<vm>}, holding the UUID of the clone Bosun made. Pure.
 */
public final class UtmCommands {

  public static final String DEFAULT_UTMCTL = "/Applications/UTM.app/Contents/MacOS/utmctl";
  public static final String MARKER_DIR = ".bosun/utm/";

  private UtmCommands() {}

  public static String utmctl(String configured) {
    return ShellQuote.path(
        configured == null || configured.isBlank() ? DEFAULT_UTMCTL : configured);
  }

  public static String version(String utmctl) {
    return utmctl(utmctl) + " version";
  }

  public static String list(String utmctl) {
    return utmctl(utmctl) + " list";
  }

  public static String status(String utmctl, String vm) {
    return utmctl(utmctl) + " status " + ShellQuote.quote(vm);
  }

  /** A full copy of the image VM (UTM duplicates its bundle) under the new name. */
  public static String cloneVm(String utmctl, String image, String vm) {
    return utmctl(utmctl) + " clone " + ShellQuote.quote(image(image)) + " --name "
        + ShellQuote.quote(vm);
  }

  public static String start(String utmctl, String vm) {
    return utmctl(utmctl) + " start " + ShellQuote.quote(vm);
  }

  public static String stop(String utmctl, String vm) {
    return utmctl(utmctl) + " stop " + ShellQuote.quote(vm);
  }

  public static String delete(String utmctl, String vm) {
    return utmctl(utmctl) + " delete " + ShellQuote.quote(vm);
  }

  /** One address per line, IPv4 first; needs the QEMU guest agent in the VM. */
  public static String ipAddress(String utmctl, String vm) {
    return utmctl(utmctl) + " ip-address " + ShellQuote.quote(vm);
  }

  public static String markerFile(String cluster, String vm) {
    return MARKER_DIR + cluster + "/" + vm;
  }

  /** Writes the marker (the clone's UUID) from stdin. Relative to the SSH user's home: no path guessing on the Mac. */
  public static String writeMarker(String cluster, String vm) {
    return "mkdir -p " + MARKER_DIR + cluster + " && tee " + markerFile(cluster, vm)
        + " > /dev/null";
  }

  public static String readMarker(String cluster, String vm) {
    return "cat " + markerFile(cluster, vm);
  }

  public static String removeMarker(String cluster, String vm) {
    return "rm -f " + markerFile(cluster, vm);
  }

  static String image(String image) {
    if (image == null || image.isBlank() || image.chars().anyMatch(c -> c < 0x20)) {
      throw new IllegalArgumentException(
          "UTM image must be the name of an existing UTM VM, got '" + image + "'");
    }
    return image;
  }
}
