package dev.bosun.workflows.drill;

/**
 * One check after the restore and what it found.
 *
 * @param kind restore-phase, workloads-ready, item-counts, sentinel, sentinel-checksum or http-probe
 * @param subject what it looked at (a namespace, a URL, the Restore)
 */
public record CheckResult(String kind, String subject, boolean passed, String detail) {

  static CheckResult pass(String kind, String subject, String detail) {
    return new CheckResult(kind, subject, true, detail);
  }

  static CheckResult fail(String kind, String subject, String detail) {
    return new CheckResult(kind, subject, false, detail);
  }
}
