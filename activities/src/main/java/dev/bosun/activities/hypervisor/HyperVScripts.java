package dev.bosun.activities.hypervisor;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * Every PowerShell script Bosun runs on a Hyper-V host, and how it travels: OpenSSH on Windows starts cmd.exe, so each
 * script goes as {@code powershell -NoProfile -NonInteractive -EncodedCommand <base64 of UTF-16LE>} (no quoting
 * through cmd at all). Each script silences progress (else PowerShell 5.1 writes CLIXML to stderr), stops on the
 * first error, reports it on stderr with exit 1, and frames its JSON between {@link #BEGIN} and {@link #END}. Values
 * reach the script single-quoted ({@link #quote}). Pure.
 */
public final class HyperVScripts {

  public static final String BEGIN = "===Begin-Output===";
  public static final String END = "===End-Output===";
  public static final String PREFIX =
      "$ProgressPreference='SilentlyContinue'; $ErrorActionPreference='Stop'";
  public static final String HYPER_V_FEATURE = "Microsoft-Hyper-V-All";
  /** Projected explicitly: a raw Get-VM object is huge, and its State enum serializes as a number. */
  static final String VM_PROJECTION = "Select-Object Name,@{n='State';e={\"$($_.State)\"}},Notes";

  private static final Pattern WINDOWS_PATH =
      Pattern.compile("[A-Za-z]:\\\\[A-Za-z0-9 ._()\\\\-]*");

  private HyperVScripts() {}

  /** The command line for cmd.exe: the whole script, UTF-16LE, base64. */
  public static String command(String script) {
    return "powershell -NoProfile -NonInteractive -EncodedCommand " + encode(script);
  }

  public static String encode(String script) {
    return Base64.getEncoder().encodeToString(script.getBytes(StandardCharsets.UTF_16LE));
  }

  /** The body inside Bosun's frame: preferences, try, and a catch that writes the error and exits 1. */
  public static String script(String body) {
    return PREFIX + "\ntry {\n" + body
        + "\n} catch {\n[Console]::Error.WriteLine($_.Exception.Message)\nexit 1\n}\n";
  }

  public static String inspect(String vmSwitch) {
    return "$feature = Get-WindowsOptionalFeature -Online -FeatureName " + HYPER_V_FEATURE + "\n"
        + "$os = Get-CimInstance Win32_OperatingSystem\n"
        + "$module = Get-Module -ListAvailable -Name Hyper-V | Select-Object -First 1\n"
        + "$switch = Get-VMSwitch -Name " + quote(vmSwitch) + " -ErrorAction SilentlyContinue\n"
        + "$out = [pscustomobject]@{Feature=\"$($feature.State)\";Caption=\"$($os.Caption)\";Version=\"$($module.Version)\";"
        + "Switch=\"$($switch.Name)\";SwitchType=\"$($switch.SwitchType)\"}\n" + emit("$out");
  }

  public static String listVms() {
    return "$out = Get-VM | " + VM_PROJECTION + "\n" + emit("$out");
  }

  public static String getVm(String vm) {
    return "$out = Get-VM -Name " + quote(vm) + " -ErrorAction SilentlyContinue | " + VM_PROJECTION
        + "\n" + emit("$out");
  }

  /** IPv4 and IPv6 strings, as the guest's integration services report them (none until they do). */
  public static String addresses(String vm) {
    return "$out = Get-VMNetworkAdapter -VMName " + quote(vm)
        + " | Select-Object -ExpandProperty IPAddresses\n" + emit("$out");
  }

  /**
   * A differencing disk on the template, a generation 2 VM on the switch, the marker in its Notes at once (so a
   * retry after a crash finds it marked and adopts it), then start. A leftover disk of an earlier failed attempt at
   * this very path is removed first: the VM does not exist, so nothing uses it.
   */
  public static String createVm(
      String vm,
      String vhdx,
      String template,
      String vmPath,
      String vmSwitch,
      long memoryBytes,
      long diskBytes,
      int cpus,
      String marker) {
    return "Remove-Item -Path " + quote(vhdx) + " -Force -ErrorAction SilentlyContinue\n"
        + "New-VHD -Path " + quote(vhdx) + " -ParentPath " + quote(template)
        + " -Differencing | Out-Null\n"
        + (diskBytes > 0
            ? "Resize-VHD -Path " + quote(vhdx) + " -SizeBytes " + diskBytes + "\n"
            : "")
        + "New-VM -Name " + quote(vm) + " -MemoryStartupBytes " + memoryBytes + " -VHDPath "
        + quote(vhdx) + " -SwitchName "
        + quote(vmSwitch) + " -Generation 2 -Path " + quote(vmPath) + " | Out-Null\n"
        + "Set-VM -Name " + quote(vm) + " -ProcessorCount " + cpus + " -Notes " + quote(marker)
        + "\n"
        + "Set-VMFirmware -VMName " + quote(vm) + " -EnableSecureBoot Off\n"
        + "Start-VM -Name " + quote(vm);
  }

  public static String startVm(String vm) {
    return "Start-VM -Name " + quote(vm);
  }

  public static String stopVm(String vm) {
    return "Stop-VM -Name " + quote(vm) + " -Force";
  }

  public static String checkpoints(String vm) {
    return "$out = Get-VMSnapshot -VMName " + quote(vm) + " | Select-Object Name\n" + emit("$out");
  }

  public static String checkpoint(String vm, String snapshot) {
    return "Checkpoint-VM -Name " + quote(vm) + " -SnapshotName " + quote(snapshot);
  }

  public static String restoreCheckpoint(String vm, String snapshot) {
    return "Restore-VMSnapshot -VMName " + quote(vm) + " -Name " + quote(snapshot)
        + " -Confirm:$false";
  }

  public static String removeCheckpoint(String vm, String snapshot) {
    return "Remove-VMSnapshot -VMName " + quote(vm) + " -Name " + quote(snapshot);
  }

  /** Power off hard (the VM is going away), remove it, then its differencing disk (Remove-VM keeps disks). */
  public static String destroyVm(String vm, String vhdx, boolean running) {
    return (running ? "Stop-VM -Name " + quote(vm) + " -TurnOff -Force\n" : "")
        + "Remove-VM -Name " + quote(vm) + " -Force\n"
        + "Remove-Item -Path " + quote(vhdx) + " -Force -ErrorAction SilentlyContinue";
  }

  /** {@code <vmPath>\<vm>.vhdx}. */
  public static String diskPath(String vmPath, String vm) {
    String dir = windowsPath("vmPath", vmPath);
    return (dir.endsWith("\\") ? dir : dir + "\\") + vm + ".vhdx";
  }

  public static String windowsPath(String what, String path) {
    if (path == null || !WINDOWS_PATH.matcher(path).matches() || path.contains("..")) {
      throw new IllegalArgumentException(
          what + " must be an absolute Windows path like C:\\VMs\\lab1, got '" + path + "'");
    }
    return path;
  }

  /** A PowerShell single-quoted string ('' stands for '); control characters are refused. */
  public static String quote(String value) {
    if (value == null || value.chars().anyMatch(c -> c < 0x20)) {
      throw new IllegalArgumentException(
          "value for PowerShell must be a single line, got '" + value + "'");
    }
    return "'" + value.replace("'", "''") + "'";
  }

  private static String emit(String variable) {
    return "Write-Output '" + BEGIN + "'\nConvertTo-Json -InputObject @(" + variable
        + ") -Compress\nWrite-Output '" + END + "'";
  }
}
