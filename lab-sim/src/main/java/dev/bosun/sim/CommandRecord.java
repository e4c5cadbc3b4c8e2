package dev.bosun.sim;

/** One command line a host received over SSH, with its exit code (-1: connection dropped) and wall-clock times. */
public record CommandRecord(
    String host, String command, int exitCode, long startMillis, long endMillis) {}
