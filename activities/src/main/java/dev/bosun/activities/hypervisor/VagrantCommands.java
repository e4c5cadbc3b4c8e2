package dev.bosun.activities.hypervisor;

import dev.bosun.activities.ssh.ShellQuote;
import java.util.regex.Pattern;

/**
 * Every command Bosun runs for a Vagrant hypervisor, each {@code cd}'d into the cluster's project directory and in
 * machine-readable mode. Pure: {@code bosun plan} prints them, lab-sim answers them, the driver runs them. Names are
 * validated before they get here ({@link VmFailures#vmName}).
 */
public final class VagrantCommands {

  public static final String VAGRANTFILE = "Vagrantfile";
  public static final String VERSION = "vagrant --version";
  private static final Pattern PROVIDER = Pattern.compile("[a-z][a-z0-9_]*");

  private VagrantCommands() {}

  /** The project directory as a shell word: absolute, or {@code ~/...} (left for the shell to expand). */
  public static String project(String project) {
    if (project != null && project.startsWith("~/")) {
      String rest = project.substring(2);
      ShellQuote.path("/" + rest); // the same rule as an absolute path
      return "~/" + ShellQuote.quote(rest);
    }
    return ShellQuote.path(project);
  }

  /** Writes the generated Vagrantfile from stdin (the file travels as input, never inside the command line). */
  public static String writeVagrantfile(String project) {
    String dir = project(project);
    return "mkdir -p " + dir + " && tee " + file(project) + " > /dev/null";
  }

  public static String readVagrantfile(String project) {
    return "cat " + file(project);
  }

  public static String up(String project, String vm, String provider) {
    return in(
        project, "vagrant up " + vm + " --provider=" + provider(provider) + " --machine-readable");
  }

  public static String status(String project) {
    return in(project, "vagrant status --machine-readable");
  }

  public static String sshConfig(String project, String vm) {
    return in(project, "vagrant ssh-config " + vm + " --machine-readable");
  }

  public static String halt(String project, String vm) {
    return in(project, "vagrant halt " + vm + " --machine-readable");
  }

  /** {@code save}, {@code restore} or {@code delete}. */
  public static String snapshot(String project, String op, String vm, String snapshot) {
    if (!op.equals("save") && !op.equals("restore") && !op.equals("delete")) {
      throw new IllegalArgumentException(
          "snapshot operation must be save, restore or delete, got " + op);
    }
    return in(
        project, "vagrant snapshot " + op + " " + vm + " " + snapshot + " --machine-readable");
  }

  public static String snapshotList(String project, String vm) {
    return in(project, "vagrant snapshot list " + vm + " --machine-readable");
  }

  /** {@code -f} is required: without it machine-readable mode fails with UIExpectsTTY. */
  public static String destroy(String project, String vm) {
    return in(project, "vagrant destroy -f " + vm + " --machine-readable");
  }

  static String provider(String provider) {
    if (provider == null || !PROVIDER.matcher(provider).matches()) {
      throw new IllegalArgumentException(
          "vagrant provider must be a plugin name like libvirt or virtualbox, got '" + provider
              + "'");
    }
    return provider;
  }

  private static String in(String project, String command) {
    return "cd " + project(project) + " && " + command;
  }

  private static String file(String project) {
    String p = project.endsWith("/") ? project.substring(0, project.length() - 1) : project;
    return project(p + "/" + VAGRANTFILE);
  }
}
