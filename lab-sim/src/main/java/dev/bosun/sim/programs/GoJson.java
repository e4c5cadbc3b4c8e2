package dev.bosun.sim.programs;

import java.util.List;
import java.util.Map;

/** JSON as Go's json.MarshalIndent writes it ("key": value, fixed indent), for tools written in Go. */
final class GoJson {

  private GoJson() {}

  static String indent(Object value, String indent) {
    StringBuilder b = new StringBuilder();
    write(b, value, indent, "");
    return b.append('\n').toString();
  }

  private static void write(StringBuilder b, Object v, String indent, String prefix) {
    if (v instanceof Map<?, ?> m) {
      if (m.isEmpty()) {
        b.append("{}");
        return;
      }
      b.append("{\n");
      int i = 0;
      for (var e : m.entrySet()) {
        b.append(prefix).append(indent).append(quote(e.getKey().toString())).append(": ");
        write(b, e.getValue(), indent, prefix + indent);
        b.append(++i < m.size() ? ",\n" : "\n");
      }
      b.append(prefix).append('}');
    } else if (v instanceof List<?> l) {
      if (l.isEmpty()) {
        b.append("[]");
        return;
      }
      b.append("[\n");
      for (int i = 0; i < l.size(); i++) {
        b.append(prefix).append(indent);
        write(b, l.get(i), indent, prefix + indent);
        b.append(i + 1 < l.size() ? ",\n" : "\n");
      }
      b.append(prefix).append(']');
    } else if (v instanceof String s) {
      b.append(quote(s));
    } else {
      b.append(v);
    }
  }

  private static String quote(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
  }
}
