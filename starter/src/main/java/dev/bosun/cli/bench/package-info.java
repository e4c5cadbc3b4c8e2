/**
 * {@code bosun bench …}: benchmarks of Bosun on lab-sim (docs/benchmarks.md). Each benchmark prints a table
 * and rewrites its own section of docs/benchmarks.md with the machine's facts and the command that reproduces it.
 */
package dev.bosun.cli.bench;
