package dev.bosun.workflows.rules;

import java.util.regex.Pattern;

/**
 * The one rule for URLs Bosun accepts (the package repository, a drill's probe): scheme, a host or
 * address with an optional port, a plain path — and no credentials. The inventory's check and the
 * activity that builds the apt line both call it, so {@code validate} passes exactly what runs.
 *
 * <p>Problems never quote the URL: it may carry a password, and errors end up in logs and workflow history.
 */
public final class UrlRule {

  /** Why a URL or a remote with credentials in it is refused. */
  public static final String CREDENTIALS =
      "has credentials in it (user:password@ or a token before the host): the inventory is stored in plain text in"
          + " the workflow history; give a URL without them and keep the credentials on the worker (e.g. apt auth.conf,"
          + " rclone.conf, or an environment variable named by *Env)";

  // No '?', '#', '%', '@', quotes, spaces or shell characters: the URL is put in an apt line in a
  // shell command.
  private static final Pattern PATH = Pattern.compile("(/[A-Za-z0-9._~:+-]*)*");

  private UrlRule() {}

  /**
   * Null when {@code url} passes, else what is wrong with it (to follow its name), never quoting it.
   *
   * @param httpAllowed whether plain http:// is acceptable (a probe inside a scratch cluster); https only otherwise
   */
  public static String problem(String url, boolean httpAllowed) {
    if (url == null || url.isEmpty()) {
      return "is empty: " + shape(httpAllowed);
    }
    String scheme = url.startsWith("https://")
        ? "https://"
        : httpAllowed && url.startsWith("http://") ? "http://" : null;
    if (scheme == null) {
      return "is not a valid URL: " + shape(httpAllowed);
    }
    String rest = url.substring(scheme.length());
    int slash = rest.indexOf('/');
    String authority = slash < 0 ? rest : rest.substring(0, slash);
    if (hasCredentials(url)) {
      return CREDENTIALS;
    }
    if (!isHost(authority)) {
      return "does not name a valid host: " + shape(httpAllowed) + ", the host "
          + Syntax.ADDRESS_RULE.replace("must be ", "");
    }
    String path = slash < 0 ? "" : rest.substring(slash);
    if (!PATH.matcher(path).matches() || path.contains("..")) {
      return "has a path with characters Bosun does not pass to a host: letters, digits and ._~:+-/ only"
          + " (no spaces, quotes, shell characters, '..', query or fragment)";
    }
    return null;
  }

  /** {@code url} itself, or an IllegalArgumentException naming {@code what} and the rule (never the URL). */
  public static String require(String what, String url, boolean httpAllowed) {
    String problem = problem(url, httpAllowed);
    if (problem != null) {
      throw new IllegalArgumentException(what + " " + problem);
    }
    return url;
  }

  /** Whether {@code text} holds a {@code scheme://user[:password]@host} anywhere (also inside a restic repository). */
  public static boolean hasCredentials(String text) {
    int from = 0;
    while (text != null && (from = text.indexOf("://", from)) >= 0) {
      String rest = text.substring(from + 3);
      int end = rest.indexOf('/');
      if ((end < 0 ? rest : rest.substring(0, end)).contains("@")) {
        return true;
      }
      from += 3;
    }
    return false;
  }

  private static boolean isHost(String authority) {
    if (authority.startsWith("[") && authority.endsWith("]")) {
      return Syntax.isIpv6(authority.substring(1, authority.length() - 1));
    }
    if (authority.contains(":")) {
      return Syntax.isHostPort(authority);
    }
    return Syntax.isIpv4(authority) || Syntax.isHostname(authority);
  }

  private static String shape(boolean httpAllowed) {
    return "must be " + (httpAllowed ? "http(s)" : "https") + "://HOST[:PORT]/PATH";
  }
}
