package dev.bosun.sim.hypervisor;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bosun.sim.shell.Result;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A small Windows PowerShell 5.1: one statement per line, {@code $var = pipeline}, pipelines of cmdlets with
 * -Param value / -Switch / -Param:value, Select-Object (properties, @{n=;e={"$($_.P)"}}, -First, -ExpandProperty),
 * Out-Null, [pscustomobject]@{K="$($v.P)"}, Write-Output 'literal', ConvertTo-Json -InputObject @($v), and the
 * try/catch frame Bosun wraps scripts in. Cmdlets come from {@link Cmdlets}; an unknown one is "not recognized".
 */
final class PowerShell {

  /** The cmdlets of one host. */
  interface Cmdlets {
    /** Null when the cmdlet does not exist on this host. */
    List<Object> invoke(String name, Map<String, String> named, List<String> positional)
        throws PsError;
  }

  /** A terminating error: the cmdlet and its message. */
  static final class PsError extends Exception {
    final String cmdlet;

    PsError(String cmdlet, String message) {
      super(message);
      this.cmdlet = cmdlet;
    }
  }

  /** What PowerShell 5.1 writes to a redirected stderr while it loads modules, unless progress is silenced. */
  static final String CLIXML_PROGRESS =
      "#< CLIXML\r\n<Objs Version=\"1.1.0.1\" xmlns=\"http://schemas.microsoft.com/powershell/2004/04\">"
          + "<Obj S=\"progress\" RefId=\"0\"><TN RefId=\"0\"><T>System.Management.Automation.PSCustomObject</T><T>System.Object</T></TN>"
          + "<MS><I64 N=\"SourceId\">1</I64><PR N=\"Record\"><AV>Preparing modules for first use.</AV><AI>0</AI><Nil /><PI>-1</PI>"
          + "<PC>-1</PC><T>Completed</T><SR>-1</SR><SD> </SD></PR></MS></Obj></Objs>";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern CALCULATED =
      Pattern.compile("@\\{n='([^']+)';e=\\{\"\\$\\(\\$_\\.(\\w+)\\)\"}}");
  private static final Pattern STRING_OF = Pattern.compile("\"\\$\\(\\$(\\w+)\\.(\\w+)\\)\"");
  private static final Pattern ASSIGN = Pattern.compile("\\$(\\w+)\\s*=\\s*(.+)");

  private final Cmdlets cmdlets;
  private final Map<String, Object> vars = new LinkedHashMap<>();
  private final StringBuilder out = new StringBuilder();

  PowerShell(Cmdlets cmdlets) {
    this.cmdlets = cmdlets;
  }

  Result run(String script) {
    StringBuilder err = new StringBuilder();
    if (!script.contains("$ProgressPreference='SilentlyContinue'")) {
      err.append(CLIXML_PROGRESS);
    }
    List<String> lines =
        script.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
    int tryAt = lines.indexOf("try {");
    int catchAt = lines.indexOf("} catch {");
    boolean wrapped = tryAt >= 0 && catchAt > tryAt;
    List<String> body = wrapped ? lines.subList(tryAt + 1, catchAt) : lines;
    int n = wrapped ? tryAt + 1 : 0;
    for (String stmt : body) {
      n++;
      try {
        execute(stmt);
      } catch (PsError e) {
        if (wrapped) {
          err.append(e.getMessage())
              .append("\r\n"); // the catch block: [Console]::Error.WriteLine(...); exit 1
        } else {
          err.append(e.cmdlet)
              .append(" : ")
              .append(e.getMessage())
              .append("\r\nAt line:")
              .append(n)
              .append(" char:1\r\n+ ")
              .append(stmt)
              .append("\r\n    + CategoryInfo          : NotSpecified: (:) [")
              .append(e.cmdlet)
              .append("], Exception\r\n    + FullyQualifiedErrorId : Unspecified,")
              .append(e.cmdlet)
              .append("\r\n");
        }
        return new Result(1, out.toString(), err.toString());
      }
    }
    return new Result(0, out.toString(), err.toString());
  }

  private void execute(String stmt) throws PsError {
    if (stmt.startsWith("$ProgressPreference") || stmt.startsWith("$ErrorActionPreference")) {
      return;
    }
    if (stmt.startsWith("Write-Output ")) {
      out.append(literal(stmt.substring("Write-Output ".length()).strip())).append("\r\n");
      return;
    }
    if (stmt.startsWith("ConvertTo-Json ")) {
      Matcher m = Pattern.compile("-InputObject @\\(\\$(\\w+)\\)").matcher(stmt);
      if (!m.find()) {
        throw new PsError(
            "ConvertTo-Json",
            "Cannot bind argument to parameter 'InputObject' because it is null.");
      }
      Object v = vars.get(m.group(1));
      List<Object> array =
          v == null ? List.of() : v instanceof List<?> l ? new ArrayList<>(l) : List.of(v);
      try {
        out.append(JSON.writeValueAsString(array)).append("\r\n");
      } catch (JsonProcessingException e) {
        throw new PsError("ConvertTo-Json", e.getOriginalMessage());
      }
      return;
    }
    Matcher assign = ASSIGN.matcher(stmt);
    if (assign.matches()) {
      String rhs = assign.group(2).strip();
      List<Object> value =
          rhs.startsWith("[pscustomobject]@{") ? List.of(object(rhs)) : pipeline(rhs);
      vars.put(assign.group(1), value.isEmpty() ? null : value.size() == 1 ? value.get(0) : value);
      return;
    }
    pipeline(stmt);
  }

  private List<Object> pipeline(String text) throws PsError {
    List<Object> value = null;
    for (String segment : splitTop(text, '|')) {
      value = command(segment.strip(), value);
    }
    return value == null ? List.of() : value;
  }

  private List<Object> command(String segment, List<Object> input) throws PsError {
    int space = segment.indexOf(' ');
    String name = space < 0 ? segment : segment.substring(0, space);
    String rest = space < 0 ? "" : segment.substring(space + 1).strip();
    if (name.equals("Out-Null")) {
      return List.of();
    }
    if (name.equals("Select-Object")) {
      return select(rest, input == null ? List.of() : input);
    }
    Map<String, String> named = new LinkedHashMap<>();
    List<String> positional = new ArrayList<>();
    List<String> tokens = tokens(rest);
    for (int i = 0; i < tokens.size(); i++) {
      String t = tokens.get(i);
      if (t.startsWith("-") && t.length() > 1 && !t.matches("-\\d+")) {
        int colon = t.indexOf(':');
        if (colon > 0) {
          named.put(
              t.substring(1, colon).toLowerCase(java.util.Locale.ROOT),
              word(t.substring(colon + 1)));
        } else if (i + 1 < tokens.size() && !tokens.get(i + 1).startsWith("-")) {
          named.put(t.substring(1).toLowerCase(java.util.Locale.ROOT), word(tokens.get(++i)));
        } else {
          named.put(t.substring(1).toLowerCase(java.util.Locale.ROOT), "True");
        }
      } else {
        positional.add(word(t));
      }
    }
    try {
      List<Object> result = cmdlets.invoke(name, named, positional);
      if (result == null) {
        throw new PsError(
            name,
            "The term '" + name
                + "' is not recognized as the name of a cmdlet, function, script file, or operable"
                + " program. Check the spelling of the name, or if a path was included, verify that the path is correct and try again.");
      }
      return result;
    } catch (PsError e) {
      if ("SilentlyContinue".equalsIgnoreCase(named.get("erroraction"))
          && !e.getMessage().startsWith("The term '")) {
        return List.of();
      }
      throw e;
    }
  }

  private static List<Object> select(String rest, List<Object> input) {
    if (rest.startsWith("-First ")) {
      return input.subList(
          0, Math.min(input.size(), Integer.parseInt(rest.substring(7).strip())));
    }
    List<Object> out = new ArrayList<>();
    if (rest.startsWith("-ExpandProperty ")) {
      String p = rest.substring("-ExpandProperty ".length()).strip();
      for (Object o : input) {
        Object v = property(o, p);
        if (v instanceof List<?> l) {
          out.addAll(l);
        } else if (v != null) {
          out.add(v);
        }
      }
      return out;
    }
    List<String> props = splitTop(rest, ',');
    for (Object o : input) {
      Map<String, Object> projected = new LinkedHashMap<>();
      for (String p : props) {
        Matcher m = CALCULATED.matcher(p.strip());
        if (m.matches()) {
          projected.put(m.group(1), string(property(o, m.group(2))));
        } else {
          projected.put(p.strip(), property(o, p.strip()));
        }
      }
      out.add(projected);
    }
    return out;
  }

  /** [pscustomobject]@{K="$($v.P)";K2='x';K3=$v.P}. */
  private Map<String, Object> object(String text) {
    String inner = text.substring(text.indexOf("@{") + 2, text.lastIndexOf('}'));
    Map<String, Object> o = new LinkedHashMap<>();
    for (String pair : splitTop(inner, ';')) {
      int eq = pair.indexOf('=');
      String key = pair.substring(0, eq).strip();
      String value = pair.substring(eq + 1).strip();
      Matcher m = STRING_OF.matcher(value);
      if (m.matches()) {
        o.put(key, string(property(vars.get(m.group(1)), m.group(2))));
      } else if (value.startsWith("$") && value.contains(".")) {
        o.put(
            key,
            property(
                vars.get(value.substring(1, value.indexOf('.'))),
                value.substring(value.indexOf('.') + 1)));
      } else {
        o.put(key, literal(value));
      }
    }
    return o;
  }

  /** Member access, enumerating over arrays like PowerShell does. */
  private static Object property(Object o, String name) {
    if (o instanceof Map<?, ?> m) {
      return m.get(name);
    }
    if (o instanceof List<?> l) {
      List<Object> values = new ArrayList<>();
      l.forEach(x -> values.add(property(x, name)));
      return values;
    }
    return null;
  }

  /** "$(...)": null is empty, an array joins with spaces, an enum gives its name. */
  private static String string(Object v) {
    if (v == null) {
      return "";
    }
    if (v instanceof List<?> l) {
      return String.join(" ", l.stream().map(PowerShell::string).toList());
    }
    return v.toString();
  }

  private static String word(String token) {
    if (token.equalsIgnoreCase("$false")) {
      return "False";
    }
    if (token.equalsIgnoreCase("$true")) {
      return "True";
    }
    return literal(token);
  }

  private static String literal(String token) {
    if (token.length() >= 2 && token.startsWith("'") && token.endsWith("'")) {
      return token.substring(1, token.length() - 1).replace("''", "'");
    }
    if (token.length() >= 2 && token.startsWith("\"") && token.endsWith("\"")) {
      return token.substring(1, token.length() - 1);
    }
    return token;
  }

  /** Words, keeping '...' (with '' inside) and "..." together. */
  private static List<String> tokens(String text) {
    return splitTop(text, ' ').stream()
        .map(String::strip)
        .filter(s -> !s.isEmpty())
        .toList();
  }

  /** Splits on {@code sep} outside quotes, braces and parentheses. */
  static List<String> splitTop(String text, char sep) {
    List<String> parts = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    int depth = 0;
    char quote = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (quote != 0) {
        if (c == quote) {
          if (quote == '\'' && i + 1 < text.length() && text.charAt(i + 1) == '\'') {
            cur.append(c);
            i++;
          } else {
            quote = 0;
          }
        }
        cur.append(c);
        continue;
      }
      if (c == '\'' || c == '"') {
        quote = c;
      } else if (c == '{' || c == '(') {
        depth++;
      } else if (c == '}' || c == ')') {
        depth--;
      } else if (c == sep && depth == 0) {
        parts.add(cur.toString());
        cur.setLength(0);
        continue;
      }
      cur.append(c);
    }
    parts.add(cur.toString());
    return parts;
  }
}
