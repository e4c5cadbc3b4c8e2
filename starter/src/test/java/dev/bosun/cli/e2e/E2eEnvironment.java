package dev.bosun.cli.e2e;

import dev.bosun.cli.Cli;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * What the whole E2E suite shares: one Temporal server, one worker process (replaced when a test kills it),
 * a client for reading what the server recorded, and the {@code bosun} command line pointed at them. Labs
 * are per scenario ({@link E2eLab}); their secret files are remembered for the final secret scan.
 */
final class E2eEnvironment implements AutoCloseable {

  static final String TASK_QUEUE = "bosun-e2e";

  private final Path dir;
  private final TemporalBackend backend;
  private final WorkflowServiceStubs stubs;
  private final WorkflowClient client;
  private final List<Path> secretFiles = new ArrayList<>();
  private final ExecutorService background = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "e2e-bosun-cli");
    t.setDaemon(true);
    return t;
  });
  private WorkerProcess worker;
  private int workersStarted;

  private E2eEnvironment(Path dir, TemporalBackend backend) {
    this.dir = dir;
    this.backend = backend;
    this.stubs = WorkflowServiceStubs.newServiceStubs(
        WorkflowServiceStubsOptions.newBuilder().setTarget(backend.address()).build());
    this.client = WorkflowClient.newInstance(
        stubs,
        WorkflowClientOptions.newBuilder().setNamespace(backend.namespace()).build());
  }

  /** Starts the backend and a first worker; everything lands under target/e2e/run-TIMESTAMP. */
  static E2eEnvironment start(E2eBackendKind kind) throws Exception {
    Path dir = Path.of(
            "target",
            "e2e",
            "run-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")))
        .toAbsolutePath();
    Files.createDirectories(dir);
    TemporalBackend backend = kind.start(dir);
    E2eEnvironment env = new E2eEnvironment(dir, backend);
    try {
      env.startWorker();
    } catch (Exception | Error e) {
      env.close();
      throw e;
    }
    return env;
  }

  Path dir() {
    return dir;
  }

  TemporalBackend backend() {
    return backend;
  }

  WorkflowClient client() {
    return client;
  }

  WorkflowServiceStubs stubs() {
    return stubs;
  }

  synchronized WorkerProcess worker() {
    return worker;
  }

  /** A new worker process (the previous one must be gone); its log is target/e2e/run-…/worker-N.log. */
  synchronized WorkerProcess startWorker() throws Exception {
    workersStarted++;
    worker = WorkerProcess.start(
        Map.of(
            "TEMPORAL_ADDRESS",
            backend.address(),
            "TEMPORAL_NAMESPACE",
            backend.namespace(),
            "BOSUN_TASK_QUEUE",
            TASK_QUEUE,
            "BOSUN_LOG_LEVEL",
            "INFO"),
        dir.resolve("worker-" + workersStarted + ".log"));
    return worker;
  }

  /** SIGKILLs the current worker. */
  synchronized void killWorker() {
    worker.kill();
  }

  /** Remembers a file whose content must never appear in any workflow history. */
  synchronized void secretFile(Path file) {
    secretFiles.add(file);
  }

  synchronized List<Path> secretFiles() {
    return List.copyOf(secretFiles);
  }

  /** {@code bosun ARGS --address … --namespace … --task-queue …}, in-process, output captured. */
  Cli.Result bosun(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of(
        "--address",
        backend.address(),
        "--namespace",
        backend.namespace(),
        "--task-queue",
        TASK_QUEUE));
    return Cli.run(all);
  }

  /** The same on a background thread: for commands that follow a run until it ends or waits. */
  CompletableFuture<Cli.Result> bosunAsync(String... args) {
    return CompletableFuture.supplyAsync(() -> bosun(args), background);
  }

  @Override
  public void close() {
    background.shutdownNow();
    try {
      if (worker != null) {
        worker.close();
      }
      stubs.shutdown();
      stubs.awaitTermination(5, TimeUnit.SECONDS);
    } finally {
      backend.close();
    }
  }
}
