package dev.bosun.cli.bench;

import dev.bosun.cli.demo.DrillDemo;
import dev.bosun.cli.temporal.TemporalOptions;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The demo drill's lab ({@code bosun demo drill}) run {@code runs} times at its own size and at 10× its objects, each
 * run a fresh lab and embedded Temporal; one report's per-step durations ({@code stepMillis}) per run.
 */
final class DrillRuns {

  /** ConfigMaps per namespace in the demo's lab (its default), and the 10× lab. */
  static final int OBJECTS = 5;

  static final int SCALE = 10;

  private DrillRuns() {}

  /**
   * One benchmark of the demo drill's lab: measured, printed and written to the report file as {@code what}, the
   * lab's knobs, then the per-step table.
   *
   * @param name the benchmark's name ({@code bosun bench NAME}) and its report section's
   * @param what the run measured, in markdown; the sentence goes on with the latency and the runs
   * @param after what follows "from the report's `stepMillis`" up to the table, e.g. ".\n\n"
   */
  static int bench(
      BenchOptions options,
      DrillLabOptions lab,
      String name,
      String title,
      String what,
      String after,
      Function<DrillDemo.Outcome, Map<String, Long>> steps) {
    options.validate();
    Map<String, Map<String, List<Double>>> runs = measure(options.runs, lab.latency(), steps);
    String body = what + ", " + lab.latencyMs + " ms per host command, embedded Temporal, "
        + options.runs
        + " run(s) per scale after a warm-up; each step's duration from the report's `stepMillis`"
        + after + table(runs).markdown();
    System.out.println(body);
    options.write(name, title, "bosun bench " + name + " --runs " + options.runs, body);
    return 0;
  }

  /** Per scale label ("1×", "10×"): per step, the run's durations in ms. */
  static Map<String, Map<String, List<Double>>> measure(
      int runs, Duration latency, Function<DrillDemo.Outcome, Map<String, Long>> steps) {
    Map<String, Map<String, List<Double>>> byScale = new LinkedHashMap<>();
    run(1, latency); // warm-up: class loading, JIT, first SSH handshakes
    for (int scale : new int[] {1, SCALE}) {
      Map<String, List<Double>> bySteps = new LinkedHashMap<>();
      for (int r = 1; r <= runs; r++) {
        DrillDemo.Outcome o = run(scale, latency);
        Map<String, Long> each = steps.apply(o);
        each.forEach((step, ms) ->
            bySteps.computeIfAbsent(step, k -> new ArrayList<>()).add(ms.doubleValue()));
        System.out.printf("%d× run %d: %s (load %s)%n", scale, r, each, Machine.loadAverage());
      }
      byScale.put(scale + "×", bySteps);
    }
    return byScale;
  }

  private static DrillDemo.Outcome run(int scale, Duration latency) {
    StringWriter sink = new StringWriter();
    PrintWriter w = new PrintWriter(sink);
    DrillDemo.Outcome o = new DrillDemo(w, w)
        .runAndReport(
            new DrillDemo.Options(
                null, true, BenchOptions.tempDir("drill"), latency, OBJECTS * scale),
            new TemporalOptions().settings(Map.of()),
            Map.of());
    if (o.exit() != 0 || o.drill() == null) {
      w.flush();
      throw new IllegalStateException(
          "the demo drill failed (exit " + o.exit() + "):\n" + sink.toString().strip());
    }
    return o;
  }

  /** One row per step (in the reports' order), the median [min–max] seconds per scale. */
  static Table table(Map<String, Map<String, List<Double>>> byScale) {
    List<String> scales = new ArrayList<>(byScale.keySet());
    List<String> header = new ArrayList<>(List.of("step"));
    scales.forEach(s -> header.add(s + " objects, s (median [min–max])"));
    Table t = new Table(header.toArray(String[]::new));
    for (String step : byScale.get(scales.get(0)).keySet()) {
      List<Object> row = new ArrayList<>(List.of(step));
      for (String s : scales) {
        List<Double> ms = byScale.get(s).getOrDefault(step, List.of());
        row.add(ms.isEmpty() ? "-" : Stats.medianRange(seconds(ms), 2));
      }
      t.row(row.toArray());
    }
    return t;
  }

  /** The report's steps and their sum. */
  static Map<String, Long> withTotal(Map<String, Long> steps) {
    Map<String, Long> m = new LinkedHashMap<>(steps);
    m.put("total", steps.values().stream().mapToLong(Long::longValue).sum());
    return m;
  }

  static List<Double> seconds(List<Double> ms) {
    return ms.stream().map(m -> m / 1000.0).toList();
  }
}
