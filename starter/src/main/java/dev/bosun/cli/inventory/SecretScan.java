package dev.bosun.cli.inventory;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bosun.workflows.rules.Syntax;
import dev.bosun.workflows.rules.UrlRule;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Finds secrets written inline, before anything else reads the tree, so that their values are never echoed back. */
final class SecretScan {

  static final List<String> SECRET_WORDS = List.of("password", "passphrase", "token", "secret");
  static final String SECRET_ADVICE =
      "secrets are never written in the inventory: give a file path (ssh.privateKey) or the name of an environment variable"
          + " that holds it (privateKeyPassphraseEnv: ENV_NAME, offHost.passwordEnv: ENV_NAME)";

  private SecretScan() {}

  static void scan(JsonNode node, String path, Problems problems) {
    if (node.isObject()) {
      for (Map.Entry<String, JsonNode> e : node.properties()) {
        String childPath = LocatedTree.child(path, e.getKey());
        if (isSecretKey(e.getKey())
            && !e.getValue().isNull()
            && !e.getValue().asText().isEmpty()) {
          problems.secret(childPath, "is an inline secret: " + SECRET_ADVICE, true);
        } else {
          scan(e.getValue(), childPath, problems);
        }
      }
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        scan(node.get(i), LocatedTree.item(path, i), problems);
      }
    } else if (node.isTextual() && Syntax.looksLikeKeyMaterial(node.textValue())) {
      problems.secret(
          path,
          "looks like key material written inline (never shown here): " + SECRET_ADVICE,
          false);
    } else if (node.isTextual() && UrlRule.hasCredentials(node.textValue())) {
      // any field, present or future: a URL's user:password@ is a secret like any other
      problems.secret(path, UrlRule.CREDENTIALS, false);
    }
  }

  static boolean isSecretKey(String key) {
    String k = key.toLowerCase(Locale.ROOT);
    return !k.endsWith("env") && SECRET_WORDS.stream().anyMatch(k::contains);
  }
}
