package dev.bosun.sim.testbed;

import dev.bosun.sim.net.LocalPorts;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * The test bed's S3 API: s3proxy 4.1.0 (Apache-2) with a filesystem blob store, on a free loopback port, in a child
 * JVM. Its classpath is s3proxy's own, resolved by Maven when lab-sim is built ({@code s3proxy.classpath} beside this
 * class), so none of its tree (Jackson 3, grpc, protobuf-java 4) meets the caller's. The access key and secret are
 * generated per instance; a bucket is a directory under {@link #dataDir()}, and an object is the file
 * {@code dataDir/bucket/key} (tests may corrupt it there). Stopped by PID on {@link #close()}; a watchdog kills it when
 * the JVM dies without closing it.
 */
public final class S3Proxy implements AutoCloseable {

  /** How long s3proxy may take to answer (about 2.5 s on 2 idle cores). */
  public static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

  private static final String CLASSPATH_RESOURCE = "s3proxy.classpath";

  private final Path workDir;
  private final Path dataDir;
  private final String accessKey;
  private final String secretKey;
  private final int port;
  private Watchdog watchdog;
  private Process process;
  private Path log;
  private volatile boolean closed;

  private S3Proxy(Path workDir, Path dataDir) {
    this.workDir = workDir;
    this.dataDir = dataDir;
    SecureRandom random = new SecureRandom();
    this.accessKey = "bosun" + HexFormat.of().formatHex(random.generateSeed(6));
    byte[] secret = new byte[20];
    random.nextBytes(secret);
    this.secretKey = HexFormat.of().formatHex(secret);
    this.port = LocalPorts.free();
  }

  /** Whether s3proxy can be started here (lab-sim built by Maven with s3proxy's classpath), or why not. */
  public static String unavailableReason() {
    try {
      classpath();
      return null;
    } catch (TestBedException e) {
      return e.getMessage();
    }
  }

  /** Starts s3proxy with its data and log under {@code workDir}, the given buckets created; returns once it answers. */
  public static S3Proxy start(Path workDir, String... buckets) {
    return start(workDir, workDir.resolve("blobs"), buckets);
  }

  /** Starts s3proxy serving {@code dataDir} (a bucket per directory), its own files and log under {@code workDir}. */
  public static S3Proxy start(Path workDir, Path dataDir, String... buckets) {
    S3Proxy s3 = new S3Proxy(workDir, dataDir);
    try {
      s3.boot(buckets);
      return s3;
    } catch (RuntimeException e) {
      s3.close();
      throw e;
    }
  }

  private void boot(String... buckets) {
    String cp = classpath();
    try {
      Files.createDirectories(dataDir);
      for (String b : buckets) {
        createBucket(b);
      }
      Path props = workDir.resolve("s3proxy.properties");
      Files.writeString(
          props,
          String.join(
              "\n",
              "s3proxy.endpoint=http://127.0.0.1:" + port,
              "s3proxy.authorization=aws-v2-or-v4",
              "s3proxy.identity=" + accessKey,
              "s3proxy.credential=" + secretKey,
              "jclouds.provider=filesystem",
              "jclouds.filesystem.basedir=" + dataDir,
              ""));
      props.toFile().setReadable(false, false);
      props.toFile().setReadable(true, true);
      Path logback = workDir.resolve("s3proxy-logback.xml");
      try (InputStream in = S3Proxy.class.getResourceAsStream("s3proxy-logback.xml")) {
        Files.write(logback, in.readAllBytes());
      }
      log = workDir.resolve("s3proxy.log");
      watchdog = Watchdog.start(workDir.resolve("s3proxy.pid"), null);
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      List<String> command = new ArrayList<>(List.of(
          "setsid",
          java,
          "-Xmx256m",
          "-XX:+UseSerialGC",
          "-XX:TieredStopAtLevel=1",
          "-Dlogback.configurationFile=" + logback,
          "-cp",
          cp,
          "org.gaul.s3proxy.Main",
          "--properties",
          props.toString()));
      process = new ProcessBuilder(command)
          .redirectErrorStream(true)
          .redirectOutput(log.toFile())
          .start();
      process.getOutputStream().close();
      watchdog.watch(process);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    waitReady();
  }

  /** Ready when {@code /} answers 403 (anonymous access refused): the S3 front end is up. */
  private void waitReady() {
    HttpClient http =
        HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
    while (true) {
      if (!process.isAlive()) {
        throw new TestBedException("s3proxy exited with code " + process.exitValue()
            + " while starting; its log: " + log + tail());
      }
      try {
        HttpResponse<Void> r = http.send(
            HttpRequest.newBuilder(endpoint())
                .timeout(Duration.ofSeconds(2))
                .GET()
                .build(),
            HttpResponse.BodyHandlers.discarding());
        if (r.statusCode() == 403) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new TestBedException("interrupted while waiting for s3proxy");
      }
      if (System.nanoTime() > deadline) {
        throw new TestBedException("s3proxy did not answer within " + READY_TIMEOUT.toSeconds()
            + " s; its log: " + log + tail());
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new TestBedException("interrupted while waiting for s3proxy");
      }
    }
  }

  private static String classpath() {
    try (InputStream in = S3Proxy.class.getResourceAsStream(CLASSPATH_RESOURCE)) {
      if (in == null) {
        throw new TestBedException("s3proxy's classpath (" + CLASSPATH_RESOURCE
            + ") is not on the classpath: build lab-sim with Maven");
      }
      String cp = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
      List<String> missing = Stream.of(cp.split(java.io.File.pathSeparator))
          .filter(j -> !j.isBlank() && !Files.exists(Path.of(j)))
          .toList();
      if (cp.isEmpty() || !missing.isEmpty()) {
        throw new TestBedException(
            "s3proxy's classpath names jars that are not in the local Maven repository ("
                + missing.size() + " missing, e.g. "
                + (missing.isEmpty() ? "none listed" : missing.get(0))
                + "): rebuild lab-sim with Maven online once");
      }
      return cp;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Creates a bucket (a directory of the filesystem blob store; s3proxy lists containers from the directory). */
  public void createBucket(String bucket) {
    if (!bucket.matches("[a-z0-9][a-z0-9-]{1,61}[a-z0-9]")) {
      throw new IllegalArgumentException(
          "bucket: '" + bucket + "' is not a valid S3 bucket name (3-63 of a-z, 0-9, -)");
    }
    try {
      Files.createDirectories(dataDir.resolve(bucket));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code http://127.0.0.1:PORT/} */
  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + port + "/");
  }

  /** The endpoint without the trailing slash, as Velero's {@code s3Url} and rclone take it. */
  public String url() {
    return "http://127.0.0.1:" + port;
  }

  public int port() {
    return port;
  }

  public String accessKey() {
    return accessKey;
  }

  public String secretKey() {
    return secretKey;
  }

  /** The filesystem blob store's root: one directory per bucket. */
  public Path dataDir() {
    return dataDir;
  }

  /** Where the object {@code key} of {@code bucket} is stored on disk. */
  public Path objectPath(String bucket, String key) {
    return dataDir.resolve(bucket).resolve(key);
  }

  /** The keys under {@code prefix} in {@code bucket}, sorted (read from the blob store's files). */
  public List<String> keys(String bucket, String prefix) {
    Path root = dataDir.resolve(bucket);
    try (Stream<Path> walk = Files.walk(root)) {
      return walk.filter(Files::isRegularFile)
          .map(p -> root.relativize(p).toString())
          .filter(k -> k.startsWith(prefix))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** An AWS shared credentials file's content ({@code [default]} profile) for this instance's key pair. */
  public String awsCredentialsFile() {
    return "[default]\naws_access_key_id=" + accessKey + "\naws_secret_access_key=" + secretKey
        + "\n";
  }

  public Path log() {
    return log;
  }

  private String tail() {
    try (Stream<String> lines = Files.lines(log)) {
      List<String> all = lines.toList();
      return "\n  " + String.join("\n  ", all.subList(Math.max(0, all.size() - 8), all.size()));
    } catch (IOException | UncheckedIOException e) {
      return "";
    }
  }

  /** Stops s3proxy by PID (TERM, then KILL after 5 s); its data stays in the work directory. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    Watchdog.stop(process, 5);
    if (watchdog != null) {
      watchdog.close();
    }
  }
}
