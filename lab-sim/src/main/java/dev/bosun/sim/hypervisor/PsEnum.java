package dev.bosun.sim.hypervisor;

import com.fasterxml.jackson.annotation.JsonValue;

/** A .NET enum value: "$(...)" turns it into its name, ConvertTo-Json into its number (PowerShell 5.1's trap). */
record PsEnum(String name, int value) {

  @JsonValue
  int json() {
    return value;
  }

  @Override
  public String toString() {
    return name;
  }
}
