package dev.bosun.workflows.rules;

import java.util.regex.Pattern;

/**
 * The syntax rules of inventory values, as pure predicates. Anything that passes here is safe to place
 * in a shell command line unquoted (names, addresses) — but callers still quote. One implementation for
 * both sides: the CLI's inventory check and the activities' own input checks ({@link TargetRules}).
 */
public final class Syntax {

  public static final String LABEL_RULE =
      "must be an RFC 1123 label (lowercase letters, digits and '-', at most 63 characters, starting and ending with a letter or digit)";
  public static final String ADDRESS_RULE =
      "must be an IPv4 or IPv6 address or an RFC 1123 hostname (letters, digits, '-' and '.')";

  private static final Pattern LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
  private static final Pattern HOST_LABEL =
      Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?");
  private static final Pattern IPV4 = Pattern.compile(
      "((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)");
  private static final Pattern IPV6_CHARS = Pattern.compile("[0-9A-Fa-f:.]+");
  private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  private static final Pattern UNIX_USER = Pattern.compile("[a-z_][a-z0-9_-]{0,31}");
  private static final Pattern SAFE_TEXT = Pattern.compile("[^\\s;|&$`<>\\\\'\"(){}*?!#]+");
  private static final Pattern WORKFLOW_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9:._/-]{0,254}");
  private static final Pattern BASE64_BLOB = Pattern.compile("[A-Za-z0-9+/]{60,}={0,2}");

  private Syntax() {}

  public static boolean isLabel(String s) {
    return s != null && LABEL.matcher(s).matches();
  }

  public static boolean isIpv4(String s) {
    return s != null && IPV4.matcher(s).matches();
  }

  public static boolean isIpv6(String s) {
    if (s == null || !s.contains(":") || !IPV6_CHARS.matcher(s).matches()) {
      return false;
    }
    try {
      // only hex digits, ':' and '.' reach here, so this parses a literal and never asks DNS
      return java.net.InetAddress.getByName(s) instanceof java.net.Inet6Address;
    } catch (java.net.UnknownHostException e) {
      return false;
    }
  }

  /** An RFC 1123 hostname; an all-numeric dotted name must be a real IPv4 address instead. */
  public static boolean isHostname(String s) {
    if (s == null || s.isEmpty() || s.length() > 253 || s.matches("[0-9.]+")) {
      return false;
    }
    String h = s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
    for (String label : h.split("\\.", -1)) {
      if (!HOST_LABEL.matcher(label).matches()) {
        return false;
      }
    }
    return true;
  }

  public static boolean isAddress(String s) {
    return isIpv4(s) || isIpv6(s) || isHostname(s);
  }

  /** {@code host:port} or {@code [ipv6]:port}, port 1–65535. */
  public static boolean isHostPort(String s) {
    if (s == null) {
      return false;
    }
    String host;
    String port;
    if (s.startsWith("[")) {
      int close = s.indexOf("]:");
      if (close < 0) {
        return false;
      }
      host = s.substring(1, close);
      port = s.substring(close + 2);
      if (!isIpv6(host)) {
        return false;
      }
    } else {
      int colon = s.lastIndexOf(':');
      if (colon < 0 || s.indexOf(':') != colon) {
        return false;
      }
      host = s.substring(0, colon);
      port = s.substring(colon + 1);
      if (!isIpv4(host) && !isHostname(host)) {
        return false;
      }
    }
    return port.matches("\\d{1,5}") && isPort(Long.parseLong(port));
  }

  public static boolean isPort(long p) {
    return p >= 1 && p <= 65535;
  }

  /** One CIDR, or two separated by a comma (kubeadm dual-stack). */
  public static boolean isCidrList(String s) {
    if (s == null) {
      return false;
    }
    String[] parts = s.split(",", -1);
    if (parts.length > 2) {
      return false;
    }
    for (String part : parts) {
      if (!isCidr(part.trim())) {
        return false;
      }
    }
    return true;
  }

  public static boolean isCidr(String s) {
    int slash = s.indexOf('/');
    if (slash < 0 || !s.substring(slash + 1).matches("\\d{1,3}")) {
      return false;
    }
    String ip = s.substring(0, slash);
    int bits = Integer.parseInt(s.substring(slash + 1));
    if (isIpv4(ip)) {
      return bits <= 32;
    }
    return isIpv6(ip) && bits <= 128;
  }

  public static boolean isEnvName(String s) {
    return s != null && ENV_NAME.matcher(s).matches();
  }

  public static boolean isUnixUser(String s) {
    return s != null && UNIX_USER.matcher(s).matches();
  }

  /** A path on the worker: absolute or under {@code ~/}, at most 4096 characters, no control characters. */
  public static boolean isLocalPath(String s) {
    if (s == null
        || s.isEmpty()
        || s.length() > 4096
        || !(s.startsWith("/") || s.startsWith("~/"))) {
      return false;
    }
    return s.chars().noneMatch(Character::isISOControl);
  }

  /** A Bosun workflow ID as an operator types it (bosun:lab1, bosun:lab1:plan:...): ASCII, no spaces, at most 255. */
  public static boolean isWorkflowId(String s) {
    return s != null && WORKFLOW_ID.matcher(s).matches();
  }

  /** No whitespace, quotes or shell metacharacters. */
  public static boolean isSafeText(String s) {
    return s != null && SAFE_TEXT.matcher(s).matches();
  }

  /** A private key, a public key line or a long mixed-case base64 blob: secret material written inline. */
  public static boolean looksLikeKeyMaterial(String s) {
    if (s == null) {
      return false;
    }
    String t = s.strip();
    return t.contains("-----BEGIN")
        || t.matches("(ssh-(ed25519|rsa|dss)|ecdsa-sha2-nistp\\d+) AAAA\\S+.*")
        || (BASE64_BLOB.matcher(t).matches()
            && t.matches(".*[A-Z].*")
            && t.matches(".*[a-z].*")
            && t.matches(".*\\d.*"));
  }
}
