package dev.bosun.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** One in-process run of the bosun command line: exit code, stdout, stderr. */
record CliRun(int exit, String out, String err) {

  static CliRun run(String... args) {
    return run(Bosun.commandLine(), args);
  }

  static CliRun run(CommandLine cl, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    int exit = cl.execute(args);
    return new CliRun(exit, out.toString(), err.toString());
  }
}
