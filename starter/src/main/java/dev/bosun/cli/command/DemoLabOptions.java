package dev.bosun.cli.command;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The flags every demo takes the same way: how the run is drawn and where the lab's files go. */
public final class DemoLabOptions {

  @Option(names = "--plain", description = "One line per change instead of a redrawn table.")
  boolean plain;

  @Option(
      names = "--dir",
      paramLabel = "DIR",
      description = "Keep the lab's files (key, known_hosts, kubeconfig, inventory) here.")
  Path dir;
}
