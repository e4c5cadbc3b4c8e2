package dev.bosun.worker.codec;

/**
 * Where one payload key is: a file or an environment variable, never the key itself.
 *
 * @param id the key id written into every payload it encrypts ({@code encryption-key-id})
 * @param file path of a file holding the key (32 bytes, base64), or null
 * @param env name of an environment variable holding the key (32 bytes, base64), or null
 * @param setting the setting this reference came from, for error messages ({@code bosun.temporal.codec.key-file},
 *     {@code --codec-key-file (BOSUN_CODEC_KEY_FILE)})
 */
public record KeyRef(String id, String file, String env, String setting) {

  public static KeyRef file(String id, String path, String setting) {
    return new KeyRef(id, path, null, setting);
  }

  public static KeyRef env(String id, String name, String setting) {
    return new KeyRef(id, null, name, setting);
  }

  /** "file /etc/bosun/k2.key" or "environment variable BOSUN_CODEC_KEY": where it is, for messages. */
  public String where() {
    return file != null ? "file " + file : "environment variable " + env;
  }
}
