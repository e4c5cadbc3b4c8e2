package dev.bosun.worker.temporal;

/** Temporal did not answer at the given address (the CLI exits 3). */
public class TemporalUnreachableException extends RuntimeException {

  private final String address;

  public TemporalUnreachableException(String address, String reason, Throwable cause) {
    super("cannot reach Temporal at " + address + " (" + reason + ")", cause);
    this.address = address;
  }

  public String address() {
    return address;
  }
}
