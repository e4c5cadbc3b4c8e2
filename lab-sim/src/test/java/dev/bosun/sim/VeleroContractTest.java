package dev.bosun.sim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bosun.sim.LabSpec.ApiBackend;
import dev.bosun.sim.shell.Result;
import dev.bosun.sim.testbed.TestBed;
import dev.bosun.sim.velero.VeleroApi;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Velero's double held to the real Velero: the same scenario on a {@code sim} lab and on a {@code real} one (the test
 * bed's Velero installed by the lab's own {@code velero install}, s3proxy serving the lab's {@code s3/}). Same objects
 * in the bucket, same tarball entry paths (names a controller generates masked; Events left out: the sim records
 * none), the same restore phase and restored objects, and the three corruptions ending alike with the same error
 * text. The real half skips with the reason where the test bed or its Velero is not built.
 */
@Timeout(300)
class VeleroContractTest {

  @TempDir
  Path dir;

  /** What one backend did: everything compared, as text. */
  record Outcome(Map<String, Object> facts) {}

  @Test
  void theDoubleBacksUpAndRestoresAsTheRealVeleroDoes() throws Exception {
    RealBackend.assumeAvailable(ApiBackend.REAL);
    TestBed.VeleroAvailability velero = TestBed.velero();
    Assumptions.assumeTrue(velero.available(), () -> "real Velero: " + velero.reason());
    Map<String, Object> sim = scenario(ApiBackend.SIM).facts();
    Map<String, Object> real = scenario(ApiBackend.REAL).facts();
    org.assertj.core.api.SoftAssertions soft = new org.assertj.core.api.SoftAssertions();
    for (String fact : real.keySet()) {
      soft.assertThat(sim.get(fact)).as(fact).isEqualTo(real.get(fact));
    }
    soft.assertThat(sim.keySet()).isEqualTo(real.keySet());
    soft.assertAll();
  }

  private Outcome scenario(ApiBackend backend) throws Exception {
    Map<String, Object> facts = new TreeMap<>();
    try (LabSim lab = LabSim.start(
            LabSpec.of("vc", 1, 2, "v1.30.6", dir.resolve(backend.toString())).withApi(backend));
        KubernetesClient k = VeleroApi.client(lab)) {
      try {
        Path bucket = Files.createDirectories(lab.s3Dir().resolve("velero"));
        assertThat(lab.run("cp-1", "tee /tmp/credentials-velero", lab.s3Credentials())
                .exitCode())
            .isZero();
        Result install = lab.run("cp-1", VeleroApi.installLine(lab.s3Url(), true));
        assertThat(install.exitCode()).as(backend + ": " + install.stderr()).isZero();
        // cluster-scoped objects (CRDs, the ClusterRoleBinding) outlive a lab on the shared control
        // plane: the real CLI
        // then says "already exists, proceeding" where a fresh cluster says "created"
        facts.put(
            "install output",
            install
                .stdout()
                .replaceAll(": (created|already exists, proceeding)\n", ": created or existing\n"));
        VeleroApi.seed(k, "shop");
        Thread.sleep(1500); // the Deployment's pods placed and Ready on both
        Map<String, Object> backup =
            VeleroApi.terminal(k, "Backup", "b1", Map.of("includedNamespaces", List.of("shop")));
        // the sim records no Events: count the items without them
        String resourceList = gunzip(bucket.resolve("backups/b1/b1-resource-list.json.gz"));
        java.util.regex.Matcher ev =
            java.util.regex.Pattern.compile("\"v1/Event\":\\[([^]]*)]").matcher(resourceList);
        long events = ev.find() ? ev.group(1).split(",").length : 0;
        Map<?, ?> progress = (Map<?, ?>) backup.remove("progress");
        backup.put(
            "items without Events", ((Number) progress.get("totalItems")).longValue() - events);
        backup.put(
            "all backed up", progress.get("totalItems").equals(progress.get("itemsBackedUp")));
        facts.put("backup", backup);
        facts.put(
            "resource list",
            resourceList
                .replaceAll(",?\"v1/Event\":\\[[^]]*]", "")
                .replaceAll("web-[a-z0-9]+-[a-z0-9]{5}\"", "web-HASH-SUFFIX\"")
                .replaceAll("web-[a-z0-9]{6,10}\"", "web-HASH\""));
        facts.put("bucket objects", keys(bucket, "backups/b1/"));
        facts.put("tarball entries", entries(bucket.resolve("backups/b1/b1.tar.gz")));
        facts.put(
            "restore",
            VeleroApi.terminal(
                k,
                "Restore",
                "r-ok",
                Map.of("backupName", "b1", "namespaceMapping", Map.of("shop", "shop-ok"))));
        facts.put(
            "restored configmaps",
            k.configMaps().inNamespace("shop-ok").list().getItems().stream()
                .map(c -> c.getMetadata().getName())
                .sorted()
                .toList());
        facts.put(
            "restored deployments",
            k.apps().deployments().inNamespace("shop-ok").list().getItems().stream()
                .map(c -> c.getMetadata().getName() + " replicas " + c.getSpec().getReplicas())
                .toList());
        facts.put(
            "restore objects",
            keys(bucket, "restores/r-ok/").stream()
                .map(s -> s.replace("r-ok", "R"))
                .toList());
        facts.put(
            "restore results", gunzip(bucket.resolve("restores/r-ok/restore-r-ok-results.gz")));
        for (String c : List.of("trunc", "garbage", "missing")) {
          VeleroApi.terminal(k, "Backup", "b-" + c, Map.of("includedNamespaces", List.of("shop")));
          Path tar = bucket.resolve("backups/b-" + c + "/b-" + c + ".tar.gz");
          VeleroApi.corrupt(tar, c);
          Map<String, Object> status = VeleroApi.terminal(
              k,
              "Restore",
              "r-" + c,
              Map.of("backupName", "b-" + c, "namespaceMapping", Map.of("shop", "shop-" + c)));
          facts.put(
              "corrupt " + c, status.toString().replaceAll("RequestID: [0-9A-F]+", "RequestID: X"));
          Path results = bucket.resolve("restores/r-" + c + "/restore-r-" + c + "-results.gz");
          facts.put("corrupt " + c + " results", Files.exists(results) ? gunzip(results) : "none");
        }
      } finally {
        // a Restore keeps a finalizer only a running server removes (trap 3): delete them while it
        // runs
        VeleroApi.resources(k, "Restore").delete();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!VeleroApi.resources(k, "Restore").list().getItems().isEmpty()
            && System.nanoTime() < deadline) {
          Thread.sleep(100);
        }
      }
    }
    return new Outcome(facts);
  }

  private static List<String> keys(Path bucket, String prefix) throws Exception {
    try (Stream<Path> files = Files.walk(bucket.resolve(prefix))) {
      return files
          .filter(Files::isRegularFile)
          .map(f -> bucket.relativize(f).toString())
          .sorted()
          .toList();
    }
  }

  /** Entry paths, Events left out, generated names masked: ReplicaSet web-HASH, pod web-HASH-SUFFIX. */
  private static List<String> entries(Path tarGz) throws Exception {
    List<String> names = new ArrayList<>();
    try (InputStream in = new GZIPInputStream(Files.newInputStream(tarGz))) {
      byte[] h = new byte[512];
      while (in.readNBytes(h, 0, 512) == 512 && h[0] != 0) {
        String name = new String(h, 0, 100, java.nio.charset.StandardCharsets.US_ASCII)
            .replaceAll("\0.*", "");
        long size = Long.parseLong(
            new String(h, 124, 11, java.nio.charset.StandardCharsets.US_ASCII).trim(), 8);
        in.skipNBytes((size + 511) / 512 * 512);
        if (!name.startsWith("resources/events/")) {
          names.add(name.replaceAll("/web-[a-z0-9]+-[a-z0-9]{5}\\.json$", "/web-HASH-SUFFIX.json")
              .replaceAll("/web-[a-z0-9]{6,10}\\.json$", "/web-HASH.json"));
        }
      }
    }
    return names.stream().sorted().toList();
  }

  private static String gunzip(Path f) throws Exception {
    return VeleroApi.gunzip(f);
  }
}
