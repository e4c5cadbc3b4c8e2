package dev.bosun.cli.bench;

import dev.bosun.sim.testbed.KubeControlPlane;
import dev.bosun.sim.testbed.TestBed;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The test bed's costs: {@code testbed/install} when the binaries exist (and, measured by hand, cold), the real
 * control plane's start until every component is healthy and the default ServiceAccount exists, and each
 * component's resident memory when idle.
 */
@Command(
    name = "testbed",
    mixinStandardHelpOptions = true,
    description =
        "The real control plane's costs: testbed/install when built, start time to healthy, idle RSS per component.")
public final class TestBedBench implements Callable<Integer> {

  @Mixin
  BenchOptions options;

  @Option(
      names = "--cold-install-seconds",
      paramLabel = "S",
      description =
          "A cold `testbed/install` measured once elsewhere (empty Go caches, e.g. in a cold .ci/run), to print beside the rest.")
  Double coldInstall;

  @Override
  public Integer call() throws Exception {
    options.validate();
    Path script = TestBed.installScript()
        .orElseThrow(() -> new IllegalArgumentException(TestBed.find().reason()));
    List<Double> installSeconds = new ArrayList<>();
    List<Double> startSeconds = new ArrayList<>();
    Map<String, List<Double>> rss = new LinkedHashMap<>();
    Path bin = TestBed.build(line -> {});
    for (int r = 1; r <= options.runs; r++) {
      Exec.Result install = Exec.run(List.of(script.toString()));
      install.requireSuccess("testbed/install");
      installSeconds.add(install.seconds());
      long t0 = System.nanoTime();
      try (KubeControlPlane cp = KubeControlPlane.start(bin, BenchOptions.tempDir("testbed"))) {
        startSeconds.add((System.nanoTime() - t0) / 1e9);
        Thread.sleep(10_000); // idle: controllers settled
        cp.rssKiB()
            .forEach((c, kib) -> rss.computeIfAbsent(c, k -> new ArrayList<>()).add(kib / 1024.0));
      }
      System.out.printf(
          "run %d: install (built) %.2f s, start %.2f s, rss %s (load %s)%n",
          r, installSeconds.get(r - 1), startSeconds.get(r - 1), rss, Machine.loadAverage());
    }
    Table t = new Table("test bed", "median [min–max]");
    if (coldInstall != null) {
      t.row(
          "`testbed/install`, cold (empty Go module and build caches), s",
          Stats.fmt(coldInstall, 0) + " (measured once, outside this run)");
    }
    t.row("`testbed/install`, binaries present, s", Stats.medianRange(installSeconds, 2));
    t.row(
        "control plane start → every component healthy + `default` ServiceAccount, s",
        Stats.medianRange(startSeconds, 2));
    double total = 0;
    for (var e : rss.entrySet()) {
      t.row("idle RSS of " + e.getKey() + ", MiB", Stats.medianRange(e.getValue(), 0));
      total += Stats.median(e.getValue());
    }
    t.row("idle RSS, all components, MiB", Stats.fmt(total, 0));
    System.out.println();
    System.out.print(t.markdown());
    options.write(
        "testbed",
        "7. The test bed: install, start, memory",
        "java -jar starter/target/bosun.jar bench testbed --runs " + options.runs,
        "The real control plane of lab-sim's `real` backend (kube-apiserver, kube-controller-manager, "
            + "kube-scheduler, etcd on tmpfs, kwok; v1.37.2 from testbed/), started by `KubeControlPlane` as the tests start it; RSS "
            + "read from /proc after 10 s idle, no lab on it.\n\n" + t.markdown());
    return 0;
  }
}
