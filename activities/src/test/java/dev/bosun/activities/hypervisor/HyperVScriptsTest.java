package dev.bosun.activities.hypervisor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class HyperVScriptsTest {

  @Test
  void theEncodedCommandIsUtf16LeBase64ThatRoundTrips() {
    String script = HyperVScripts.script(HyperVScripts.getVm("lab-w-1") + "\n# é ü ✓");
    String command = HyperVScripts.command(script);
    assertTrue(
        command.startsWith("powershell -NoProfile -NonInteractive -EncodedCommand "), command);
    String encoded = command.substring(command.lastIndexOf(' ') + 1);
    assertTrue(encoded.matches("[A-Za-z0-9+/=]+"), "nothing for cmd.exe to interpret");
    byte[] bytes = Base64.getDecoder().decode(encoded);
    assertEquals('$', bytes[0]);
    assertEquals(0, bytes[1], "UTF-16LE: the high byte of '$' comes second");
    assertEquals(script, new String(bytes, StandardCharsets.UTF_16LE));
  }

  @Test
  void everyScriptSilencesProgressStopsOnErrorsAndReportsThemWithExit1() {
    String script = HyperVScripts.script("Start-VM -Name 'lab-w-1'");
    assertTrue(
        script.startsWith(
            "$ProgressPreference='SilentlyContinue'; $ErrorActionPreference='Stop'\ntry {\n"),
        script);
    assertTrue(
        script.endsWith("} catch {\n[Console]::Error.WriteLine($_.Exception.Message)\nexit 1\n}\n"),
        script);
  }

  @Test
  void outputIsProjectedAndFramed() {
    String list = HyperVScripts.listVms();
    assertTrue(
        list.contains("Get-VM | Select-Object Name,@{n='State';e={\"$($_.State)\"}},Notes"), list);
    assertTrue(
        list.contains(
            "Write-Output '===Begin-Output==='\nConvertTo-Json -InputObject @($out) -Compress\nWrite-Output '===End-Output==='"),
        list);
  }

  @Test
  void createMarksTheVmBeforeStartingIt() {
    String s = HyperVScripts.createVm(
        "lab-w-2",
        "C:\\VMs\\lab\\lab-w-2.vhdx",
        "C:\\VMs\\templates\\u.vhdx",
        "C:\\VMs\\lab",
        "LabExternal",
        2147483648L,
        21474836480L,
        2,
        "bosun:cluster=lab");
    assertTrue(
        s.contains(
            "New-VHD -Path 'C:\\VMs\\lab\\lab-w-2.vhdx' -ParentPath 'C:\\VMs\\templates\\u.vhdx' -Differencing | Out-Null"),
        s);
    assertTrue(
        s.contains(
            "New-VM -Name 'lab-w-2' -MemoryStartupBytes 2147483648 -VHDPath 'C:\\VMs\\lab\\lab-w-2.vhdx' -SwitchName 'LabExternal'"
                + " -Generation 2 -Path 'C:\\VMs\\lab' | Out-Null"),
        s);
    assertTrue(s.indexOf("-Notes 'bosun:cluster=lab'") < s.indexOf("Start-VM"), s);
  }

  @Test
  void valuesAreSingleQuotedAndPathsChecked() {
    assertEquals("'it''s'", HyperVScripts.quote("it's"));
    assertThrows(IllegalArgumentException.class, () -> HyperVScripts.quote("a\nb"));
    assertEquals("C:\\VMs\\lab\\lab-w-1.vhdx", HyperVScripts.diskPath("C:\\VMs\\lab", "lab-w-1"));
    assertThrows(IllegalArgumentException.class, () -> HyperVScripts.diskPath("VMs\\lab", "x"));
    assertThrows(
        IllegalArgumentException.class,
        () -> HyperVScripts.windowsPath("p", "C:\\VMs\\..\\Windows"));
  }
}
