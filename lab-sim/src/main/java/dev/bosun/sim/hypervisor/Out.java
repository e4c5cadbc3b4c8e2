package dev.bosun.sim.hypervisor;

import dev.bosun.sim.shell.Result;

/** Vagrant's machine-readable output: {@code ts,target,type,data...}, each datum escaped like Vagrant's UI does. */
final class Out {

  private final StringBuilder b = new StringBuilder();
  private final long ts = System.currentTimeMillis() / 1000;

  void line(String target, String type, String... data) {
    b.append(ts).append(',').append(target).append(',').append(type);
    for (String d : data) {
      b.append(',').append(escape(d));
    }
    b.append('\n');
  }

  void ui(String target, String message) {
    line(target, "ui", "info", message);
  }

  Result ok() {
    return Result.ok(b.toString());
  }

  /** How bin/vagrant ends on an error: the error-exit record on stdout, exit 1. */
  Result errorExit(String errorClass, String message) {
    line("", "error-exit", errorClass, message);
    return new Result(1, b.toString(), "");
  }

  static String escape(String s) {
    return s.replace(",", "%!(VAGRANT_COMMA)").replace("\n", "\\n").replace("\r", "\\r");
  }
}
