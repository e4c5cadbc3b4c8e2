package dev.bosun.sim.testbed;

/** The test bed cannot be used: the message names the component, where its log is and how to rebuild. */
public final class TestBedException extends RuntimeException {

  public TestBedException(String message) {
    super(message);
  }

  public TestBedException(String message, Throwable cause) {
    super(message, cause);
  }
}
