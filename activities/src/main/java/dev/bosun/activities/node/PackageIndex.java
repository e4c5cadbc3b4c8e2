package dev.bosun.activities.node;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;

/**
 * A Debian repository's {@code Packages} index (deb-control stanzas separated by blank lines; field names are
 * case-insensitive; a line starting with a space or tab continues the field above), as pkgs.k8s.io serves it for each
 * minor. Pure: the output of {@link NodeCommands#readPackageIndex} in, versions out.
 */
public final class PackageIndex {

  private PackageIndex() {}

  /**
   * The versions of {@code packageName} built for {@code arch} (or {@code all}), newest first in dpkg's order (the
   * order apt-cache madison prints), without duplicates.
   */
  public static List<String> versions(String index, String packageName, String arch) {
    LinkedHashSet<String> versions = new LinkedHashSet<>();
    for (Stanza s : stanzas(index)) {
      if (packageName.equals(s.pkg)
          && s.version != null
          && (arch.equals(s.arch) || "all".equals(s.arch))) {
        versions.add(s.version);
      }
    }
    List<String> sorted = new ArrayList<>(versions);
    sorted.sort(
        Comparator.comparing((String v) -> v, PackageIndex::compareVersions).reversed());
    return List.copyOf(sorted);
  }

  /** Whether the text holds at least one stanza with a Package field (a proxy's HTML error page does not). */
  public static boolean looksLikeIndex(String index) {
    return stanzas(index).stream().anyMatch(s -> s.pkg != null);
  }

  private static final class Stanza {
    String pkg;
    String version;
    String arch;
  }

  private static List<Stanza> stanzas(String index) {
    List<Stanza> out = new ArrayList<>();
    Stanza current = null;
    for (String raw : index.split("\n", -1)) {
      String line = raw.endsWith("\r") ? raw.substring(0, raw.length() - 1) : raw;
      if (line.isBlank()) {
        current = null;
        continue;
      }
      if (line.startsWith(" ") || line.startsWith("\t")) {
        continue; // continuation (Description's body): no field Bosun reads spans lines
      }
      int colon = line.indexOf(':');
      if (colon <= 0) {
        continue;
      }
      if (current == null) {
        current = new Stanza();
        out.add(current);
      }
      String value = line.substring(colon + 1).trim();
      switch (line.substring(0, colon).trim().toLowerCase(Locale.ROOT)) {
        case "package" -> current.pkg = value;
        case "version" -> current.version = value;
        case "architecture" -> current.arch = value;
        default -> {}
      }
    }
    return out;
  }

  /** dpkg's version order (epoch, upstream, revision; '~' sorts before everything, letters before other symbols). */
  public static int compareVersions(String a, String b) {
    int epochA = epoch(a);
    int epochB = epoch(b);
    if (epochA != epochB) {
      return Integer.compare(epochA, epochB);
    }
    String[] ua = upstreamAndRevision(a);
    String[] ub = upstreamAndRevision(b);
    int c = verrevcmp(ua[0], ub[0]);
    return c != 0 ? c : verrevcmp(ua[1], ub[1]);
  }

  private static int epoch(String v) {
    int colon = v.indexOf(':');
    return colon > 0 && v.substring(0, colon).chars().allMatch(Character::isDigit)
        ? Integer.parseInt(v.substring(0, colon))
        : 0;
  }

  private static String[] upstreamAndRevision(String v) {
    int colon = v.indexOf(':');
    String rest = colon > 0 ? v.substring(colon + 1) : v;
    int dash = rest.lastIndexOf('-');
    return dash < 0
        ? new String[] {rest, ""}
        : new String[] {rest.substring(0, dash), rest.substring(dash + 1)};
  }

  private static int order(char c) {
    if (Character.isDigit(c)) return 0;
    if (Character.isLetter(c)) return c;
    if (c == '~') return -1;
    return c + 256;
  }

  /** dpkg's lib/dpkg/version.c verrevcmp. */
  private static int verrevcmp(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() || j < b.length()) {
      int firstDiff = 0;
      while ((i < a.length() && !Character.isDigit(a.charAt(i)))
          || (j < b.length() && !Character.isDigit(b.charAt(j)))) {
        int ac = i < a.length() ? order(a.charAt(i)) : 0;
        int bc = j < b.length() ? order(b.charAt(j)) : 0;
        if (ac != bc) return ac - bc;
        i++;
        j++;
      }
      while (i < a.length() && a.charAt(i) == '0') i++;
      while (j < b.length() && b.charAt(j) == '0') j++;
      while (i < a.length()
          && Character.isDigit(a.charAt(i))
          && j < b.length()
          && Character.isDigit(b.charAt(j))) {
        if (firstDiff == 0) firstDiff = a.charAt(i) - b.charAt(j);
        i++;
        j++;
      }
      if (i < a.length() && Character.isDigit(a.charAt(i))) return 1;
      if (j < b.length() && Character.isDigit(b.charAt(j))) return -1;
      if (firstDiff != 0) return firstDiff;
    }
    return 0;
  }
}
