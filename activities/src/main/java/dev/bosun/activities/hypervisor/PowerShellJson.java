package dev.bosun.activities.hypervisor;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What comes back from a Hyper-V script: the JSON between the frame markers (one object or an array: both read as a
 * list), VM states as words or as the numbers of the VMState enum, and stderr with PowerShell's CLIXML stripped. Pure.
 */
public final class PowerShellJson {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern CLIXML_ERROR =
      Pattern.compile("<S S=\"Error\">(.*?)</S>", Pattern.DOTALL);
  private static final Pattern CLIXML_ESCAPE = Pattern.compile("_x([0-9A-Fa-f]{4})_");
  /** Hyper-V's VMState numbers (Microsoft.HyperV.PowerShell.VMState), for output that serialized the enum raw. */
  static final Map<Integer, String> STATES = Map.ofEntries(
      Map.entry(1, "Other"),
      Map.entry(2, "Running"),
      Map.entry(3, "Off"),
      Map.entry(4, "Stopping"),
      Map.entry(6, "Saved"),
      Map.entry(9, "Paused"),
      Map.entry(10, "Starting"),
      Map.entry(11, "Reset"),
      Map.entry(32773, "Saving"),
      Map.entry(32776, "Pausing"),
      Map.entry(32777, "Resuming"),
      Map.entry(32779, "FastSaved"),
      Map.entry(32780, "FastSaving"),
      Map.entry(32781, "ForceShutdown"),
      Map.entry(32782, "ForceReboot"),
      Map.entry(32783, "Hibernated"),
      Map.entry(32784, "ComponentServicing"));

  private PowerShellJson() {}

  /** The text between the frame lines, or null when the script never reached its output. */
  public static String framed(String stdout) {
    if (stdout == null) {
      return null;
    }
    int begin = stdout.indexOf(HyperVScripts.BEGIN);
    int end = stdout.indexOf(HyperVScripts.END, begin + 1);
    if (begin < 0 || end < 0) {
      return null;
    }
    return stdout.substring(begin + HyperVScripts.BEGIN.length(), end).strip();
  }

  /** The framed JSON as a list: {@code {}} is one element, {@code [...]} its elements, nothing is empty. */
  public static List<JsonNode> objects(String stdout) {
    String json = framed(stdout);
    if (json == null) {
      throw new IllegalArgumentException(
          "no " + HyperVScripts.BEGIN + " ... " + HyperVScripts.END + " frame in the output");
    }
    if (json.isEmpty()) {
      return List.of();
    }
    JsonNode node;
    try {
      node = JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          "the framed output is not JSON: " + e.getOriginalMessage());
    }
    List<JsonNode> list = new ArrayList<>();
    if (node.isArray()) {
      node.forEach(n -> {
        if (!n.isNull()) {
          list.add(n);
        }
      });
    } else if (!node.isNull()) {
      list.add(node);
    }
    return list;
  }

  /** A State field: the word itself, or the enum's number mapped ("Running", "Off"...). */
  public static String state(JsonNode state) {
    if (state == null || state.isNull()) {
      return "Unknown";
    }
    if (state.isNumber() || state.asText().matches("\\d+")) {
      return STATES.getOrDefault(state.asInt(), "Unknown(" + state.asText() + ")");
    }
    return state.asText();
  }

  public static String text(JsonNode object, String field) {
    JsonNode v = object.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }

  /**
   * stderr as a person would read it: PowerShell 5.1 wraps what it writes to a redirected stderr in CLIXML (progress
   * records, and errors as {@code <S S="Error">} with {@code _x000D__x000A_} line ends). Errors are kept, progress dropped.
   */
  public static String errorText(String stderr) {
    if (stderr == null) {
      return "";
    }
    int clixml = stderr.indexOf("#< CLIXML");
    if (clixml < 0) {
      return stderr.strip();
    }
    StringBuilder out = new StringBuilder(stderr.substring(0, clixml));
    String rest = stderr.substring(clixml + "#< CLIXML".length());
    int objsEnd = rest.indexOf("</Objs>");
    String xml = objsEnd < 0 ? rest : rest.substring(0, objsEnd);
    Matcher m = CLIXML_ERROR.matcher(xml);
    while (m.find()) {
      out.append(unescape(m.group(1)));
    }
    if (objsEnd >= 0) {
      out.append(rest.substring(objsEnd + "</Objs>".length()));
    }
    return out.toString().strip();
  }

  private static String unescape(String s) {
    Matcher m = CLIXML_ESCAPE.matcher(s);
    StringBuilder b = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(
          b, Matcher.quoteReplacement(String.valueOf((char) Integer.parseInt(m.group(1), 16))));
    }
    m.appendTail(b);
    return b.toString()
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&amp;", "&");
  }
}
