package dev.bosun.sim.shell;

import java.util.ArrayList;
import java.util.List;

/**
 * The subset of POSIX shell syntax Bosun sends (docs/host-commands.md): words with single/double quotes and
 * backslash escapes, {@code &&}, {@code ||}, {@code |}, {@code > FILE}, {@code 2>&1}, {@code 2> FILE}.
 * Anything else (;, $(), backticks, globs are taken literally) is not interpreted.
 */
public final class CommandLine {

  /** One command with its redirections. */
  public record Simple(
      List<String> words, String stdoutTo, String stderrTo, boolean stderrToStdout) {}

  /** Pipelines joined by && / || (connector is null for the first). */
  public record Step(String connector, List<Simple> pipeline) {}

  private CommandLine() {}

  public static List<Step> parse(String line) throws ShellSyntaxException {
    List<Object> tokens = tokenize(line);
    List<Step> steps = new ArrayList<>();
    List<Simple> pipeline = new ArrayList<>();
    List<String> words = new ArrayList<>();
    String connector = null;
    String stdoutTo = null;
    String stderrTo = null;
    boolean merge = false;
    for (int i = 0; i < tokens.size(); i++) {
      Object t = tokens.get(i);
      if (t instanceof String w) {
        words.add(w);
        continue;
      }
      Op op = (Op) t;
      switch (op.text) {
        case ">", "2>" -> {
          if (i + 1 >= tokens.size() || !(tokens.get(i + 1) instanceof String target)) {
            throw new ShellSyntaxException("bash: syntax error near unexpected token `newline'");
          }
          i++;
          if (op.text.equals(">")) {
            stdoutTo = target;
          } else {
            stderrTo = target;
          }
        }
        case "2>&1" -> merge = true;
        case "|", "&&", "||" -> {
          if (words.isEmpty()) {
            throw new ShellSyntaxException(
                "bash: syntax error near unexpected token `" + op.text + "'");
          }
          pipeline.add(new Simple(List.copyOf(words), stdoutTo, stderrTo, merge));
          words.clear();
          stdoutTo = null;
          stderrTo = null;
          merge = false;
          if (!op.text.equals("|")) {
            steps.add(new Step(connector, List.copyOf(pipeline)));
            pipeline.clear();
            connector = op.text;
          }
        }
        default ->
          throw new ShellSyntaxException(
              "bash: syntax error near unexpected token `" + op.text + "'");
      }
    }
    if (words.isEmpty()) {
      if (!pipeline.isEmpty() || connector != null) {
        throw new ShellSyntaxException("bash: syntax error: unexpected end of file");
      }
      return steps;
    }
    pipeline.add(new Simple(List.copyOf(words), stdoutTo, stderrTo, merge));
    steps.add(new Step(connector, List.copyOf(pipeline)));
    return steps;
  }

  private record Op(String text) {}

  private static List<Object> tokenize(String line) throws ShellSyntaxException {
    List<Object> out = new ArrayList<>();
    StringBuilder word = new StringBuilder();
    boolean inWord = false;
    boolean quotedWord = false;
    int i = 0;
    int n = line.length();
    while (i < n) {
      char c = line.charAt(i);
      if (c == '\'') {
        int end = line.indexOf('\'', i + 1);
        if (end < 0) {
          throw new ShellSyntaxException(
              "bash: -c: line 1: unexpected EOF while looking for matching `''");
        }
        word.append(line, i + 1, end);
        inWord = true;
        quotedWord = true;
        i = end + 1;
      } else if (c == '"') {
        int j = i + 1;
        while (j < n && line.charAt(j) != '"') {
          if (line.charAt(j) == '\\' && j + 1 < n && "\"\\$`".indexOf(line.charAt(j + 1)) >= 0) {
            j++;
          }
          word.append(line.charAt(j));
          j++;
        }
        if (j >= n) {
          throw new ShellSyntaxException(
              "bash: -c: line 1: unexpected EOF while looking for matching `\"'");
        }
        inWord = true;
        quotedWord = true;
        i = j + 1;
      } else if (c == '\\' && i + 1 < n) {
        word.append(line.charAt(i + 1));
        inWord = true;
        i += 2;
      } else if (Character.isWhitespace(c)) {
        flush(out, word, inWord);
        inWord = false;
        quotedWord = false;
        i++;
      } else if (c == '&' || c == '|' || c == '>' || c == ';' || c == '<') {
        if (c == '>' && inWord && !quotedWord && word.toString().equals("2")) {
          word.setLength(0);
          inWord = false;
          if (line.startsWith(">&1", i)) {
            out.add(new Op("2>&1"));
            i += 3;
          } else {
            out.add(new Op("2>"));
            i++;
          }
          continue;
        }
        flush(out, word, inWord);
        inWord = false;
        quotedWord = false;
        if (line.startsWith("&&", i) || line.startsWith("||", i)) {
          out.add(new Op(line.substring(i, i + 2)));
          i += 2;
        } else {
          out.add(new Op(String.valueOf(c)));
          i++;
        }
      } else {
        word.append(c);
        inWord = true;
        i++;
      }
    }
    flush(out, word, inWord);
    return out;
  }

  private static void flush(List<Object> out, StringBuilder word, boolean inWord) {
    if (inWord) {
      out.add(word.toString());
      word.setLength(0);
    }
  }
}
