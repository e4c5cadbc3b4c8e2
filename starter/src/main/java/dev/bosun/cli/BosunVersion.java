package dev.bosun.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine;

/** {@code bosun --version}: Bosun's version (from the build), the Java runtime and the Temporal SDK. */
public final class BosunVersion implements CommandLine.IVersionProvider {

  public static String bosun() {
    try (InputStream in = BosunVersion.class.getResourceAsStream("version.properties")) {
      Properties p = new Properties();
      if (in != null) {
        p.load(in);
      }
      return p.getProperty("version", "unknown");
    } catch (IOException e) {
      return "unknown";
    }
  }

  @Override
  public String[] getVersion() {
    return new String[] {
      "bosun " + bosun(),
      "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")",
      "Temporal Java SDK " + io.temporal.serviceclient.Version.LIBRARY_VERSION,
    };
  }
}
