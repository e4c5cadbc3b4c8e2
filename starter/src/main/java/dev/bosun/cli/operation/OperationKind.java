package dev.bosun.cli.operation;

/** What differs between the operations the CLI starts: how to start it, and how to follow it. */
public interface OperationKind<R> {

  /** How it is started (its workflow ID, summary, search attributes). */
  Mutation mutation();

  /** The workflow's argument. */
  Object input();

  /** How a run of it is followed: the same as {@code bosun watch} follows its workflow type ({@link Followed#of}). */
  Followed<R> follow();
}
