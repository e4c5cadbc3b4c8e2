package dev.bosun.cli.operation;

import java.util.List;

/** The exact commands that answer a run waiting for a human. */
public final class OperatorHints {

  private OperatorHints() {}

  public static List<String> commands(LiveState.Waiting w, String cluster, String address) {
    String at = " --cluster " + cluster + " --address " + address;
    return switch (w.kind()) {
      case LiveState.Waiting.OPERATOR ->
        List.of(
            "bosun retry " + w.node() + at,
            "bosun skip " + w.node() + at,
            "bosun abort" + at + " --reason '" + w.node() + " needs a closer look'");
      case LiveState.Waiting.APPROVAL ->
        List.of("bosun approve" + at, "bosun abort" + at + " --reason 'not approved'");
      case LiveState.Waiting.WINDOW ->
        List.of("bosun abort" + at + " --reason 'not in this window'");
      default -> List.of("bosun resume" + at);
    };
  }
}
