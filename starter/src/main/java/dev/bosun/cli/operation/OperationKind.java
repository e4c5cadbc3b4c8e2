package dev.bosun.cli.operation;

/** What differs between the operations the CLI starts: how to start it, and (as {@link Followed}) how to follow it. */
public interface OperationKind<R> extends Followed<R> {

  /** How it is started (its workflow ID, summary, search attributes). */
  Mutation mutation();

  /** The workflow's argument. */
  Object input();
}
