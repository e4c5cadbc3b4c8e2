package dev.bosun.cli.command;

import picocli.CommandLine.Option;

/**
 * {@code -h/--help} alone, for a command with its own {@code --version} (the Kubernetes version of a lab):
 * picocli's standard help options would bring {@code -V/--version} too, and with the command's own it leaves the
 * command without any help option ("Unknown option: '--help'").
 */
final class HelpOption {

  @Option(
      names = {"-h", "--help"},
      usageHelp = true,
      description = "Show this help message and exit.")
  boolean help;
}
