package dev.bosun.sim.programs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * A kubeadm {@code --config} file: YAML documents by kind (InitConfiguration, ClusterConfiguration, JoinConfiguration),
 * in the API versions kubeadm 1.30+ reads (kubeadm.k8s.io/v1beta3, v1beta4).
 */
record KubeadmConfig(Map<String, JsonNode> byKind) {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  /** Parses the file, or throws with kubeadm's kind of message. */
  static KubeadmConfig parse(String path, String content) {
    Map<String, JsonNode> docs = new HashMap<>();
    try (var parser = YAML.getFactory().createParser(content)) {
      var it = YAML.readValues(parser, JsonNode.class);
      while (it.hasNext()) {
        JsonNode doc = it.next();
        if (doc == null || doc.isMissingNode() || doc.isNull()) {
          continue;
        }
        String api = doc.path("apiVersion").asText();
        if (!api.equals("kubeadm.k8s.io/v1beta3") && !api.equals("kubeadm.k8s.io/v1beta4")) {
          throw new IllegalArgumentException(
              "no kind \"" + doc.path("kind").asText() + "\" is registered for version \"" + api
                  + "\" in scheme \"k8s.io/kubernetes/cmd/kubeadm/app/apis/kubeadm/scheme/scheme.go:31\"");
        }
        docs.put(doc.path("kind").asText(), doc);
      }
    } catch (IOException | RuntimeException e) {
      if (e instanceof IllegalArgumentException) {
        throw (IllegalArgumentException) e;
      }
      throw new IllegalArgumentException(
          "error converting YAML to JSON: " + e.getMessage().lines().findFirst().orElse(""));
    }
    return new KubeadmConfig(docs);
  }

  JsonNode kind(String kind) {
    JsonNode n = byKind.get(kind);
    return n == null ? com.fasterxml.jackson.databind.node.MissingNode.getInstance() : n;
  }

  /** A string at a path of dotted field names in a document, or null. */
  String text(String kind, String path) {
    JsonNode n = kind(kind);
    for (String f : path.split("\\.")) {
      n = n.path(f);
    }
    return n.isTextual() ? n.asText() : null;
  }
}
