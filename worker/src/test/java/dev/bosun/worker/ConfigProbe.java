package dev.bosun.worker;

import dev.bosun.activities.ActivitySettings;
import dev.bosun.worker.config.TemporalConfig;
import dev.bosun.worker.config.WorkerConfig;
import io.micronaut.context.ApplicationContext;
import java.util.Map;

/** Run in a child JVM by {@link ConfigurationTest}: prints the bound settings for the child's environment. */
public final class ConfigProbe {

  private ConfigProbe() {}

  public static void main(String[] args) {
    try (ApplicationContext context =
        ApplicationContext.run(Map.of("bosun.worker.enabled", false))) {
      System.out.println(
          "temporal=" + context.getBean(TemporalConfig.class).toSettings(System.getenv()));
      System.out.println("codec="
          + context.getBean(dev.bosun.worker.config.CodecConfig.class).load(System.getenv()));
      System.out.println(
          "codecServer=" + context.getBean(dev.bosun.worker.config.CodecServerConfig.class));
      System.out.println("worker=" + context.getBean(WorkerConfig.class));
      System.out.println("activities=" + context.getBean(ActivitySettings.class));
    }
  }
}
