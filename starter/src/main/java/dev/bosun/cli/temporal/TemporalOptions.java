package dev.bosun.cli.temporal;

import dev.bosun.workflows.TaskQueues;
import dev.bosun.workflows.rules.Syntax;
import dev.bosun.worker.temporal.TemporalSettings;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * Where Temporal is, as the Temporal CLI spells it: flags first, then TEMPORAL_* environment variables,
 * then defaults. No address means "run embedded" for the commands that can.
 */
public final class TemporalOptions {

  public static final String ENV_ADDRESS = "TEMPORAL_ADDRESS";
  public static final String ENV_NAMESPACE = "TEMPORAL_NAMESPACE";
  public static final String ENV_TASK_QUEUE = "BOSUN_TASK_QUEUE";
  public static final String ENV_TLS_CERT = "TEMPORAL_TLS_CERT";
  public static final String ENV_TLS_KEY = "TEMPORAL_TLS_KEY";
  public static final String ENV_TLS_CA = "TEMPORAL_TLS_CA";

  @Option(names = "--address", paramLabel = "HOST:PORT",
      description = "Temporal frontend (env TEMPORAL_ADDRESS). Without it, commands that can run an embedded Temporal in-process.")
  String address;

  @Option(names = "--namespace", paramLabel = "NS", description = "Temporal namespace (env TEMPORAL_NAMESPACE; default: default).")
  String namespace;

  @Option(names = "--task-queue", paramLabel = "QUEUE", description = "Task queue of Bosun's workers (env BOSUN_TASK_QUEUE; default: bosun).")
  String taskQueue;

  @Option(names = "--tls-cert-path", paramLabel = "FILE", description = "Client certificate for mTLS (env TEMPORAL_TLS_CERT).")
  String tlsCertPath;

  @Option(names = "--tls-key-path", paramLabel = "FILE", description = "Client key for mTLS (env TEMPORAL_TLS_KEY).")
  String tlsKeyPath;

  @Option(names = "--tls-ca-path", paramLabel = "FILE",
      description = "CA of the server certificate (env TEMPORAL_TLS_CA). An API key is read from TEMPORAL_API_KEY and never printed.")
  String tlsCaPath;

  /** The settings these flags and {@code env} give; the API key itself stays in the environment. */
  public TemporalSettings settings(Map<String, String> env) {
    String apiKey = env.get(TemporalSettings.API_KEY_ENV);
    String target = pick(address, env, ENV_ADDRESS, null);
    if (target != null && !Syntax.isHostPort(target)) {
      // before any connection: a bad address is bad input (exit 2), not an unreachable server
      throw new IllegalArgumentException("--address (" + ENV_ADDRESS + ") must be HOST:PORT, e.g. 127.0.0.1:7233");
    }
    return new TemporalSettings(
        target,
        pick(namespace, env, ENV_NAMESPACE, TemporalSettings.DEFAULT_NAMESPACE),
        pick(taskQueue, env, ENV_TASK_QUEUE, TaskQueues.DEFAULT),
        pick(tlsCertPath, env, ENV_TLS_CERT, null),
        pick(tlsKeyPath, env, ENV_TLS_KEY, null),
        pick(tlsCaPath, env, ENV_TLS_CA, null),
        apiKey == null || apiKey.isBlank() ? null : TemporalSettings.API_KEY_ENV);
  }

  public TemporalSettings settings() {
    return settings(System.getenv());
  }

  private static String pick(String flag, Map<String, String> env, String name, String fallback) {
    if (flag != null && !flag.isBlank()) {
      return flag;
    }
    String v = env.get(name);
    return v == null || v.isBlank() ? fallback : v;
  }
}
