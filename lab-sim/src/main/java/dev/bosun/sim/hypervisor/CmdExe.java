package dev.bosun.sim.hypervisor;

import dev.bosun.sim.host.HostState;
import dev.bosun.sim.shell.Result;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/**
 * The login shell of Windows OpenSSH: cmd.exe. It knows one program here, {@code powershell}, run with
 * {@code -EncodedCommand} (base64 of UTF-16LE); anything else is "not recognized" like cmd says it.
 */
public final class CmdExe {

  private final Hypervisors hypervisors;

  public CmdExe(Hypervisors hypervisors) {
    this.hypervisors = hypervisors;
  }

  public Result run(HostState host, String line) {
    List<String> words = List.of(line.strip().split("\\s+"));
    String program = words.get(0).toLowerCase(java.util.Locale.ROOT);
    if (!program.equals("powershell") && !program.equals("powershell.exe")) {
      return Result.fail(
          1,
          "'" + words.get(0) + "' is not recognized as an internal or external command,\r\n"
              + "operable program or batch file.\r\n");
    }
    String encoded = null;
    for (int i = 1; i < words.size(); i++) {
      String w = words.get(i);
      if ((w.equalsIgnoreCase("-EncodedCommand")
              || w.equalsIgnoreCase("-enc")
              || w.equalsIgnoreCase("-e"))
          && i + 1 < words.size()) {
        encoded = words.get(++i);
      } else if (w.equalsIgnoreCase("-Command") || w.equalsIgnoreCase("-c")) {
        // cmd.exe hands -Command its quoting untouched: the lab insists on -EncodedCommand, as
        // Bosun's contract says.
        return Result.fail(1, "The lab's PowerShell accepts scripts only as -EncodedCommand.\r\n");
      } else if (!w.startsWith("-")) {
        return Result.fail(
            1,
            "The term '" + w
                + "' is not recognized as the name of a cmdlet, function, script file, or operable"
                + " program. Check the spelling of the name, or if a path was included, verify that the path is correct and try again.\r\n");
      }
    }
    if (encoded == null) {
      return Result.fail(1, "Missing argument for parameter -EncodedCommand.\r\n");
    }
    String script;
    try {
      script = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_16LE);
    } catch (IllegalArgumentException e) {
      return Result.fail(
          1,
          "Cannot process the command because the value specified with -EncodedCommand is not properly encoded."
              + " The value must be Base64 encoded.\r\n");
    }
    return new PowerShell(new HyperVCmdlets(host, hypervisors)).run(script);
  }
}
