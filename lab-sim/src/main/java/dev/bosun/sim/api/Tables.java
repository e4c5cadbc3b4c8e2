package dev.bosun.sim.api;

import dev.bosun.sim.kube.ClusterStore;
import dev.bosun.sim.kube.KubeObjects;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Server-side printing (meta.k8s.io/v1 Table) as the API server does it for kubectl get: the node and pod
 * columns of the real printers, NAME and AGE for everything else.
 */
final class Tables {

  private Tables() {}

  static boolean wanted(String accept) {
    return accept != null && accept.contains("as=Table");
  }

  static Map<String, Object> table(
      String plural, List<? extends HasMetadata> items, String resourceVersion, long now) {
    List<Map<String, Object>> columns = new ArrayList<>();
    column(columns, "Name", "string", 0);
    switch (plural) {
      case "nodes" -> {
        column(columns, "Status", "string", 0);
        column(columns, "Roles", "string", 0);
        column(columns, "Age", "string", 0);
        column(columns, "Version", "string", 0);
        column(columns, "Internal-IP", "string", 1);
        column(columns, "External-IP", "string", 1);
        column(columns, "OS-Image", "string", 1);
        column(columns, "Kernel-Version", "string", 1);
        column(columns, "Container-Runtime", "string", 1);
      }
      case "pods" -> {
        column(columns, "Ready", "string", 0);
        column(columns, "Status", "string", 0);
        column(columns, "Restarts", "string", 0);
        column(columns, "Age", "string", 0);
        column(columns, "IP", "string", 1);
        column(columns, "Node", "string", 1);
        column(columns, "Nominated Node", "string", 1);
        column(columns, "Readiness Gates", "string", 1);
      }
      default -> column(columns, "Age", "string", 0);
    }
    List<Map<String, Object>> rows = new ArrayList<>();
    for (HasMetadata o : items) {
      List<Object> cells = new ArrayList<>();
      cells.add(o.getMetadata().getName());
      String age = age(o.getMetadata().getCreationTimestamp(), now);
      if (o instanceof Node n) {
        boolean ready = n.getStatus().getConditions().stream()
            .anyMatch(c -> c.getType().equals("Ready") && c.getStatus().equals("True"));
        cells.add((ready ? "Ready" : "NotReady")
            + (Boolean.TRUE.equals(n.getSpec().getUnschedulable()) ? ",SchedulingDisabled" : ""));
        cells.add(ClusterStore.isControlPlane(n) ? "control-plane" : "<none>");
        cells.add(age);
        cells.add(n.getStatus().getNodeInfo().getKubeletVersion());
        cells.add(n.getStatus().getAddresses().get(0).getAddress());
        cells.add("<none>");
        cells.add(n.getStatus().getNodeInfo().getOsImage());
        cells.add(n.getStatus().getNodeInfo().getKernelVersion());
        cells.add(n.getStatus().getNodeInfo().getContainerRuntimeVersion());
      } else if (o instanceof Pod p) {
        boolean ready = KubeObjects.isReady(p);
        cells.add((ready ? 1 : 0) + "/1");
        cells.add(KubeObjects.isTerminating(p) ? "Terminating" : p.getStatus().getPhase());
        cells.add("0");
        cells.add(age);
        cells.add(p.getStatus().getPodIP() == null ? "<none>" : p.getStatus().getPodIP());
        cells.add(p.getSpec().getNodeName() == null ? "<none>" : p.getSpec().getNodeName());
        cells.add("<none>");
        cells.add("<none>");
      } else {
        cells.add(age);
      }
      Map<String, Object> meta = new LinkedHashMap<>();
      meta.put("name", o.getMetadata().getName());
      if (o.getMetadata().getNamespace() != null) {
        meta.put("namespace", o.getMetadata().getNamespace());
      }
      meta.put("uid", o.getMetadata().getUid());
      meta.put("resourceVersion", o.getMetadata().getResourceVersion());
      meta.put("creationTimestamp", o.getMetadata().getCreationTimestamp());
      rows.add(Map.of(
          "cells",
          cells,
          "object",
          Map.of(
              "kind", "PartialObjectMetadata", "apiVersion", "meta.k8s.io/v1", "metadata", meta)));
    }
    Map<String, Object> table = new LinkedHashMap<>();
    table.put("kind", "Table");
    table.put("apiVersion", "meta.k8s.io/v1");
    table.put("metadata", Map.of("resourceVersion", resourceVersion));
    table.put("columnDefinitions", columns);
    table.put("rows", rows);
    return table;
  }

  private static void column(
      List<Map<String, Object>> columns, String name, String type, int priority) {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("name", name);
    c.put("type", type);
    c.put("format", name.equals("Name") ? "name" : "");
    c.put("description", name);
    c.put("priority", priority);
    columns.add(c);
  }

  /** kubectl's HumanDuration: 45s, 5m10s, 3h, 2d. */
  static String age(String creationTimestamp, long now) {
    if (creationTimestamp == null) {
      return "<unknown>";
    }
    Duration d =
        Duration.ofMillis(Math.max(0, now - Instant.parse(creationTimestamp).toEpochMilli()));
    long s = d.getSeconds();
    if (s < 120) {
      return s + "s";
    }
    long m = d.toMinutes();
    if (m < 10) {
      return m + "m" + (s % 60 == 0 ? "" : s % 60 + "s");
    }
    if (m < 180) {
      return m + "m";
    }
    long h = d.toHours();
    return h < 48 ? h + "h" : d.toDays() + "d";
  }
}
