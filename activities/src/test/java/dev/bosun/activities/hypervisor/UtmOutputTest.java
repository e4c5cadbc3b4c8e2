package dev.bosun.activities.hypervisor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bosun.activities.hypervisor.UtmOutput.Entry;
import java.util.List;
import org.junit.jupiter.api.Test;

/** utmctl's output as utmctl/UTMCtl.swift prints it. */
class UtmOutputTest {

  @Test
  void listSplitsOnTheFirstTwoFieldsOnly() {
    List<Entry> vms = UtmOutput.list("""
        UUID                                 Status   Name
        0F0E5A4C-2B3B-4E0F-9C51-2C7A1B9D4E11 stopped  ubuntu-22.04-arm64
        6A1D2C3B-4E5F-4A7B-8C9D-0E1F2A3B4C5D started  Windows 11 (ARM) copy
        """);
    assertEquals(
        List.of(
            new Entry("0F0E5A4C-2B3B-4E0F-9C51-2C7A1B9D4E11", "stopped", "ubuntu-22.04-arm64"),
            new Entry("6A1D2C3B-4E5F-4A7B-8C9D-0E1F2A3B4C5D", "started", "Windows 11 (ARM) copy")),
        vms);
    assertEquals(List.of(), UtmOutput.list("UUID                                 Status   Name\n"));
  }

  @Test
  void anOsStatusErrorOnExitZeroIsAFailureAndAnAutomationDenial() {
    String stderr =
        "Error from event: The operation couldn\u2019t be completed. (OSStatus error -1743.)\n";
    assertTrue(UtmOutput.failed(0, stderr));
    assertTrue(UtmOutput.automationDenied(stderr));
    assertTrue(UtmOutput.automationDenied(
        "NOTE: utmctl does not work from SSH sessions or before logging in.\n"));
    assertTrue(UtmOutput.failed(1, "Error: Virtual machine not found.\n"));
    assertFalse(UtmOutput.automationDenied("Error: Virtual machine not found.\n"));
    assertFalse(UtmOutput.failed(0, ""));
  }

  @Test
  void ipAddressGivesTheFirstIpv4() {
    assertEquals("192.168.64.7", UtmOutput.ipv4("fe80::1\n192.168.64.7\n10.0.0.2\n"));
    assertNull(UtmOutput.ipv4(""));
  }

  @Test
  void commandsQuoteNamesAndDefaultToUtmApp() {
    assertEquals(
        "'/Applications/UTM.app/Contents/MacOS/utmctl' clone 'ubuntu 22.04' --name 'lab-w-3'",
        UtmCommands.cloneVm(null, "ubuntu 22.04", "lab-w-3"));
    assertEquals(
        "'/opt/utm/utmctl' ip-address 'lab-w-3'",
        UtmCommands.ipAddress("/opt/utm/utmctl", "lab-w-3"));
    assertEquals(
        "mkdir -p .bosun/utm/lab && tee .bosun/utm/lab/lab-w-3 > /dev/null",
        UtmCommands.writeMarker("lab", "lab-w-3"));
  }
}
