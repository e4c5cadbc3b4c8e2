package dev.bosun.activities.hypervisor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The traps of PowerShell 5.1 output: {} vs [], enum numbers, CLIXML on stderr, anything outside the frame. */
class PowerShellJsonTest {

  static String framed(String json) {
    return "WARNING: something the module said\r\n===Begin-Output===\r\n" + json
        + "\r\n===End-Output===\r\n";
  }

  @Test
  void oneObjectAndAnArrayBothReadAsAList() {
    List<JsonNode> one = PowerShellJson.objects(
        framed("{\"Name\":\"lab-w-1\",\"State\":\"Running\",\"Notes\":\"bosun:cluster=lab\"}"));
    assertEquals(1, one.size());
    assertEquals("lab-w-1", PowerShellJson.text(one.get(0), "Name"));
    List<JsonNode> two = PowerShellJson.objects(
        framed("[{\"Name\":\"a\",\"State\":\"Off\"},{\"Name\":\"b\",\"State\":\"Running\"}]"));
    assertEquals(
        List.of("a", "b"), two.stream().map(n -> PowerShellJson.text(n, "Name")).toList());
    assertEquals(List.of(), PowerShellJson.objects(framed("[]")));
    assertEquals(List.of(), PowerShellJson.objects(framed("")));
    assertEquals(
        List.of(), PowerShellJson.objects(framed("[null]")), "@($null) is one null element");
  }

  @Test
  void aStateSerializedAsTheEnumNumberIsMapped() {
    List<JsonNode> vms = PowerShellJson.objects(
        framed(
            "[{\"Name\":\"a\",\"State\":2},{\"Name\":\"b\",\"State\":3},"
                + "{\"Name\":\"c\",\"State\":32779},{\"Name\":\"d\",\"State\":\"Saved\"},{\"Name\":\"e\",\"State\":99}]"));
    assertEquals(
        List.of("Running", "Off", "FastSaved", "Saved", "Unknown(99)"),
        vms.stream().map(n -> PowerShellJson.state(n.get("State"))).toList());
  }

  @Test
  void outputWithoutTheFrameIsNotTrusted() {
    assertNull(PowerShellJson.framed("{\"Name\":\"a\"}"));
    assertThrows(IllegalArgumentException.class, () -> PowerShellJson.objects("{\"Name\":\"a\"}"));
    assertThrows(IllegalArgumentException.class, () -> PowerShellJson.objects(framed("Name : a")));
  }

  @Test
  void clixmlProgressOnStderrIsDroppedAndErrorsInItAreKept() {
    String progress =
        "#< CLIXML\r\n<Objs Version=\"1.1.0.1\" xmlns=\"http://schemas.microsoft.com/powershell/2004/04\"><Obj S=\"progress\" RefId=\"0\">"
            + "<TN RefId=\"0\"><T>System.Management.Automation.PSCustomObject</T><T>System.Object</T></TN><MS><I64 N=\"SourceId\">1</I64>"
            + "<PR N=\"Record\"><AV>Preparing modules for first use.</AV><AI>0</AI><Nil /><PI>-1</PI><PC>-1</PC><T>Completed</T><SR>-1</SR>"
            + "<SD> </SD></PR></MS></Obj></Objs>";
    assertEquals("", PowerShellJson.errorText(progress));
    assertEquals(
        "Hyper-V was unable to find a virtual machine with name \"x\".",
        PowerShellJson.errorText(
            progress + "Hyper-V was unable to find a virtual machine with name \"x\".\r\n"));
    assertEquals(
        "Get-VM : Hyper-V was unable to find a virtual machine with name \"x\".\r\n",
        PowerShellJson.errorText(
                "#< CLIXML\r\n<Objs Version=\"1.1.0.1\" xmlns=\"http://schemas.microsoft.com/powershell/2004/04\">"
                    + "<S S=\"Error\">Get-VM : Hyper-V was unable to find a virtual machine with name \"x\"._x000D__x000A_</S></Objs>")
            + "\r\n");
  }
}
