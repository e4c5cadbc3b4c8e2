package dev.bosun.cli.command;

import dev.bosun.cli.temporal.TemporalOptions;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The flags every demo takes the same way: where Temporal is (none: an embedded one), how the run is drawn and where
 * the lab's files go.
 */
public final class DemoLabOptions {

  @Spec(Spec.Target.MIXEE)
  CommandSpec command;

  @Mixin
  TemporalOptions temporal;

  @Option(names = "--plain", description = "One line per change instead of a redrawn table.")
  boolean plain;

  @Option(
      names = "--dir",
      paramLabel = "DIR",
      description = "Keep the lab's files (key, known_hosts, kubeconfig, inventory) here.")
  Path dir;

  PrintWriter out() {
    return command.commandLine().getOut();
  }

  PrintWriter err() {
    return command.commandLine().getErr();
  }

  /** A demo lab's {@code --nodes CP+W}: {@code shape} bounds the digits of each count. */
  record Nodes(int controlPlanes, int workers) {

    /** At least one control plane; {@code example} is the demo's default. */
    static Nodes parse(Pattern shape, String nodes, String example) {
      Matcher m = shape.matcher(nodes);
      if (!m.matches() || Integer.parseInt(m.group(1)) < 1) {
        throw new IllegalArgumentException(
            "--nodes must be CONTROL_PLANES+WORKERS with at least one control plane, e.g. "
                + example + ", got '" + nodes + "'");
      }
      return new Nodes(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
    }
  }
}
