package dev.bosun.sim.api;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** labelSelector (k=v, k==v, k!=v, k, !k) and fieldSelector (metadata.name/namespace, spec.nodeName, status.phase). */
final class Selectors {

  private Selectors() {}

  private record Term(String key, String op, String value) {}

  private static List<Term> parseTerms(String selector) {
    List<Term> out = new ArrayList<>();
    if (selector == null || selector.isBlank()) {
      return out;
    }
    for (String raw : selector.split(",")) {
      String t = raw.trim();
      if (t.contains("!=")) {
        String[] p = t.split("!=", 2);
        out.add(new Term(p[0].trim(), "!=", p[1].trim()));
      } else if (t.contains("==")) {
        String[] p = t.split("==", 2);
        out.add(new Term(p[0].trim(), "=", p[1].trim()));
      } else if (t.contains("=")) {
        String[] p = t.split("=", 2);
        out.add(new Term(p[0].trim(), "=", p[1].trim()));
      } else if (t.startsWith("!")) {
        out.add(new Term(t.substring(1), "!", null));
      } else {
        out.add(new Term(t, "exists", null));
      }
    }
    return out;
  }

  record Label(List<Term> terms) {
    static Label parse(String s) {
      return new Label(parseTerms(s));
    }

    boolean matches(Map<String, String> labels) {
      Map<String, String> l = labels == null ? Map.of() : labels;
      for (Term t : terms) {
        String v = l.get(t.key());
        boolean ok = switch (t.op()) {
          case "=" -> t.value().equals(v);
          case "!=" -> !t.value().equals(v);
          case "!" -> v == null;
          default -> v != null;
        };
        if (!ok) {
          return false;
        }
      }
      return true;
    }
  }

  record Field(List<Term> terms) {
    static Field parse(String s) {
      return new Field(parseTerms(s));
    }

    boolean matches(HasMetadata o) {
      for (Term t : terms) {
        String v = switch (t.key()) {
          case "metadata.name" -> o.getMetadata().getName();
          case "metadata.namespace" -> o.getMetadata().getNamespace();
          case "spec.nodeName" -> o instanceof Pod p ? p.getSpec().getNodeName() : null;
          case "status.phase" ->
            o instanceof Pod p && p.getStatus() != null ? p.getStatus().getPhase() : null;
          default -> throw new IllegalArgumentException("field label not supported: " + t.key());
        };
        String want = t.value() == null ? "" : t.value();
        String have = v == null ? "" : v;
        boolean ok = t.op().equals("!=") ? !want.equals(have) : want.equals(have);
        if (!ok) {
          return false;
        }
      }
      return true;
    }
  }
}
