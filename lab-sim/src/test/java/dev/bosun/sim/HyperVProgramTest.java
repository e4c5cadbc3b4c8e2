package dev.bosun.sim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bosun.sim.shell.Result;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** hyperv-host: cmd.exe as the SSH shell, PowerShell 5.1 via -EncodedCommand, client Hyper-V's cmdlets and quirks. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HyperVProgramTest {

  static final String QUIET =
      "$ProgressPreference='SilentlyContinue'; $ErrorActionPreference='Stop'\n";

  @TempDir
  static Path dir;

  LabSim lab;

  @BeforeAll
  void start() throws Exception {
    lab = LabSim.start(LabSpec.forInit("lab", 1, 3, "v1.30.6", dir));
  }

  @AfterAll
  void stop() {
    lab.close();
  }

  static String ps(String script) {
    return "powershell -NoProfile -NonInteractive -EncodedCommand "
        + Base64.getEncoder().encodeToString(script.getBytes(StandardCharsets.UTF_16LE));
  }

  @Test
  void theShellIsCmdExe() throws Exception {
    try (SshExec win = new SshExec(lab, HypervisorHosts.HYPERV)) {
      assertThat(win.exec("sudo -n true"))
          .isEqualTo(
              new SshExec.Out(
                  1,
                  "",
                  "'sudo' is not recognized as an internal or external command,\r\noperable program or batch file.\r\n"));
      SshExec.Out out = win.exec(ps(QUIET + "Write-Output 'hello'"));
      assertThat(out).isEqualTo(new SshExec.Out(0, "hello\r\n", ""));
    }
  }

  @Test
  void windows10ProHasNoGetWindowsFeature() throws Exception {
    Result r = lab.run(HypervisorHosts.HYPERV, ps(QUIET + "Get-WindowsFeature -Name Hyper-V"));
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.stderr())
        .startsWith(
            "Get-WindowsFeature : The term 'Get-WindowsFeature' is not recognized as the name of a cmdlet");
    Result f = lab.run(
        HypervisorHosts.HYPERV,
        ps(
            QUIET + "$f = Get-WindowsOptionalFeature -Online -FeatureName Microsoft-Hyper-V-All\n"
                + "$out = [pscustomobject]@{State=\"$($f.State)\";Caption=\"$($os.Caption)\"}\nConvertTo-Json -InputObject @($out) -Compress"));
    assertThat(f.stdout()).isEqualTo("[{\"State\":\"Enabled\",\"Caption\":\"\"}]\r\n");
  }

  @Test
  void withoutSilencedProgressStderrGetsClixml() throws Exception {
    Result r = lab.run(HypervisorHosts.HYPERV, ps("Get-VMSwitch -Name 'LabExternal' | Out-Null"));
    assertThat(r.exitCode()).isZero();
    assertThat(r.stderr())
        .startsWith("#< CLIXML\r\n<Objs Version=\"1.1.0.1\"")
        .contains("<Obj S=\"progress\"");
  }

  @Test
  void rawGetVmSerializesStateAsANumberAndProjectionAsAWord() throws Exception {
    String make = QUIET + "New-VHD -Path 'C:\\VMs\\t\\raw.vhdx' -ParentPath '"
        + HypervisorHosts.HYPERV_TEMPLATE + "' -Differencing | Out-Null\n"
        + "New-VM -Name 'raw' -MemoryStartupBytes 1073741824 -VHDPath 'C:\\VMs\\t\\raw.vhdx' -SwitchName 'LabExternal' -Generation 2 | Out-Null\n";
    assertThat(lab.run(HypervisorHosts.HYPERV, ps(make)).exitCode()).isZero();
    assertThat(lab.run(
                HypervisorHosts.HYPERV,
                ps(QUIET
                    + "$vm = Get-VM -Name 'raw'\nConvertTo-Json -InputObject @($vm) -Compress"))
            .stdout())
        .contains("\"State\":3");
    assertThat(lab.run(
                HypervisorHosts.HYPERV,
                ps(QUIET
                    + "$vm = Get-VM -Name 'raw' | Select-Object Name,@{n='State';e={\"$($_.State)\"}}\n"
                    + "ConvertTo-Json -InputObject @($vm) -Compress"))
            .stdout())
        .isEqualTo("[{\"Name\":\"raw\",\"State\":\"Off\"}]\r\n");
    Result restore = lab.run(
        HypervisorHosts.HYPERV,
        ps(
            QUIET
                + "Checkpoint-VM -Name 'raw' -SnapshotName 's'\nRestore-VMSnapshot -VMName 'raw' -Name 's'"));
    assertThat(restore.stderr())
        .contains("Restore-VMSnapshot : PowerShell is in NonInteractive mode.");
    Result missing = lab.run(
        HypervisorHosts.HYPERV,
        ps(QUIET + "try {\nGet-VM -Name 'nope'\n} catch {\n"
            + "[Console]::Error.WriteLine($_.Exception.Message)\nexit 1\n}"));
    assertThat(missing)
        .isEqualTo(new Result(
            1, "", "Hyper-V was unable to find a virtual machine with name \"nope\".\r\n"));
  }
}
