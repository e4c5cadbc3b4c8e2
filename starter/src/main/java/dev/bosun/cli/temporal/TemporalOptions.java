package dev.bosun.cli.temporal;

import dev.bosun.worker.codec.CodecKeys;
import dev.bosun.worker.codec.KeyRef;
import dev.bosun.worker.temporal.TemporalSettings;
import dev.bosun.workflows.TaskQueues;
import dev.bosun.workflows.rules.Syntax;
import java.util.List;
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
  public static final String ENV_CODEC_KEY_ID = "BOSUN_CODEC_KEY_ID";
  public static final String ENV_CODEC_KEY_FILE = "BOSUN_CODEC_KEY_FILE";
  public static final String ENV_CODEC_KEY_ENV = "BOSUN_CODEC_KEY_ENV";
  public static final String ENV_CODEC_OLD_KEYS = "BOSUN_CODEC_OLD_KEYS";

  @Option(
      names = "--address",
      paramLabel = "HOST:PORT",
      description =
          "Temporal frontend (env TEMPORAL_ADDRESS). Without it, commands that can run an embedded Temporal in-process.")
  String address;

  @Option(
      names = "--namespace",
      paramLabel = "NS",
      description = "Temporal namespace (env TEMPORAL_NAMESPACE; default: default).")
  String namespace;

  @Option(
      names = "--task-queue",
      paramLabel = "QUEUE",
      description = "Task queue of Bosun's workers (env BOSUN_TASK_QUEUE; default: bosun).")
  String taskQueue;

  @Option(
      names = "--tls-cert-path",
      paramLabel = "FILE",
      description = "Client certificate for mTLS (env TEMPORAL_TLS_CERT).")
  String tlsCertPath;

  @Option(
      names = "--tls-key-path",
      paramLabel = "FILE",
      description = "Client key for mTLS (env TEMPORAL_TLS_KEY).")
  String tlsKeyPath;

  @Option(
      names = "--tls-ca-path",
      paramLabel = "FILE",
      description =
          "CA of the server certificate (env TEMPORAL_TLS_CA). An API key is read from TEMPORAL_API_KEY and never printed.")
  String tlsCaPath;

  @Option(
      names = "--codec-key-id",
      paramLabel = "ID",
      description =
          "Encrypt payloads (AES-256-GCM) under this key id (env BOSUN_CODEC_KEY_ID); needs --codec-key-file or --codec-key-env."
              + " The worker must use the same keys (bosun.temporal.codec.*).")
  String codecKeyId;

  @Option(
      names = "--codec-key-file",
      paramLabel = "FILE",
      description = "File holding the payload key: 32 bytes, base64 (env BOSUN_CODEC_KEY_FILE).")
  String codecKeyFile;

  @Option(
      names = "--codec-key-env",
      paramLabel = "VARIABLE",
      description =
          "NAME of the environment variable holding the payload key (env BOSUN_CODEC_KEY_ENV); the key is never printed.")
  String codecKeyEnv;

  @Option(
      names = "--codec-old-keys",
      paramLabel = "ID=file:PATH|ID=env:NAME[,...]",
      description =
          "Older payload keys that still decrypt after a rotation (env BOSUN_CODEC_OLD_KEYS).")
  String codecOldKeys;

  /**
   * The settings these flags and {@code env} give; the API key itself stays in the environment. With
   * {@code --codec-*} the payload keys are read here, so a bad key stops the command before anything runs.
   */
  public TemporalSettings settings(Map<String, String> env) {
    String apiKey = env.get(TemporalSettings.API_KEY_ENV);
    String target = pick(address, env, ENV_ADDRESS, null);
    if (target != null && !Syntax.isHostPort(target)) {
      // before any connection: a bad address is bad input (exit 2), not an unreachable server
      throw new IllegalArgumentException(
          "--address (" + ENV_ADDRESS + ") must be HOST:PORT, e.g. 127.0.0.1:7233");
    }
    TemporalSettings settings = new TemporalSettings(
        target,
        pick(namespace, env, ENV_NAMESPACE, TemporalSettings.DEFAULT_NAMESPACE),
        pick(taskQueue, env, ENV_TASK_QUEUE, TaskQueues.DEFAULT),
        pick(tlsCertPath, env, ENV_TLS_CERT, null),
        pick(tlsKeyPath, env, ENV_TLS_KEY, null),
        pick(tlsCaPath, env, ENV_TLS_CA, null),
        apiKey == null || apiKey.isBlank() ? null : TemporalSettings.API_KEY_ENV);
    return settings.withCodec(codecKeys(env));
  }

  /** The payload keyring, or null without {@code --codec-*}; errors name the flag and its variable, never a key. */
  CodecKeys codecKeys(Map<String, String> env) {
    String id = pick(codecKeyId, env, ENV_CODEC_KEY_ID, null);
    String file = pick(codecKeyFile, env, ENV_CODEC_KEY_FILE, null);
    String var = pick(codecKeyEnv, env, ENV_CODEC_KEY_ENV, null);
    String old = pick(codecOldKeys, env, ENV_CODEC_OLD_KEYS, null);
    if (id == null && file == null && var == null && old == null) {
      return null;
    }
    String fileSetting = "--codec-key-file (" + ENV_CODEC_KEY_FILE + ")";
    String envSetting = "--codec-key-env (" + ENV_CODEC_KEY_ENV + ")";
    if (file != null && var != null) {
      throw new IllegalArgumentException(
          fileSetting + " and " + envSetting + " are both given: give the key one way");
    }
    if (file == null && var == null) {
      throw new IllegalArgumentException(fileSetting + " or " + envSetting
          + " is required with --codec-key-id or --codec-old-keys");
    }
    if (id == null) {
      throw new IllegalArgumentException(
          "--codec-key-id (" + ENV_CODEC_KEY_ID + ") is required with a payload key: it goes into"
              + " every payload, so a new key needs a new id");
    }
    KeyRef current =
        file != null ? KeyRef.file(id, file, fileSetting) : KeyRef.env(id, var, envSetting);
    List<KeyRef> older = CodecKeys.parseOldKeys(
        old == null ? List.of() : List.of(old), "--codec-old-keys (" + ENV_CODEC_OLD_KEYS + ")");
    return CodecKeys.load(current, older, env);
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
