package dev.bosun.worker;

import dev.bosun.activities.ActivityImplementations;
import dev.bosun.activities.ActivitySettings;
import dev.bosun.worker.codec.CodecKeys;
import dev.bosun.worker.config.CodecConfig;
import dev.bosun.worker.config.LimitsConfig;
import dev.bosun.worker.config.SshConfig;
import dev.bosun.worker.config.TemporalConfig;
import dev.bosun.worker.config.WorkerConfig;
import dev.bosun.worker.temporal.TemporalSettings;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.BeanProvider;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;

/** Builds the worker's long-lived objects from configuration; each is closed when the context stops. */
@Factory
public class WorkerBeans {

  @Singleton
  ActivitySettings activitySettings(SshConfig ssh, LimitsConfig limits) {
    return ssh.toActivitySettings(limits);
  }

  @Singleton
  @Bean(preDestroy = "close")
  ActivityImplementations bosunActivities(ActivitySettings settings) {
    return ActivityImplementations.create(settings);
  }

  @Singleton
  Registrations registrations(
      @Nullable Embedding embedding, BeanProvider<ActivityImplementations> activities) {
    if (embedding != null && embedding.registrations() != null) {
      return embedding.registrations();
    }
    return Registrations.bosun(activities.get());
  }

  @Singleton
  @Bean(preDestroy = "close")
  TemporalService temporalService(
      TemporalConfig temporal,
      CodecConfig codec,
      WorkerConfig worker,
      @Nullable Embedding embedding,
      @Nullable MeterRegistry meterRegistry) {
    CodecKeys keys = embedding != null && embedding.codec() != null
        ? embedding.codec()
        : codec.load(System.getenv());
    TemporalSettings settings = temporal.toSettings(System.getenv()).withCodec(keys);
    if (embedding != null && embedding.serviceStubs() != null) {
      return TemporalService.provided(settings, embedding.serviceStubs());
    }
    return TemporalService.connect(
        settings,
        System.getenv(),
        temporal.connectTimeout(),
        meterRegistry,
        worker.metricsReportInterval());
  }

  @Singleton
  @Bean(preDestroy = "close")
  BosunWorker bosunWorker(
      TemporalService temporal,
      TemporalConfig config,
      WorkerConfig worker,
      Registrations registrations) {
    return BosunWorker.create(temporal.client(), config.taskQueue(), worker, registrations);
  }
}
