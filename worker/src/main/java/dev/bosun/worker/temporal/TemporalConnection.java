package dev.bosun.worker.temporal;

import com.uber.m3.tally.Scope;
import dev.bosun.worker.codec.AesGcmPayloadCodec;
import io.grpc.StatusRuntimeException;
import io.temporal.api.workflowservice.v1.GetSystemInfoRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.client.schedules.ScheduleClient;
import io.temporal.client.schedules.ScheduleClientOptions;
import io.temporal.serviceclient.SimpleSslContextBuilder;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Map;
import javax.net.ssl.SSLException;

/**
 * Opens gRPC stubs and a client for a {@link TemporalSettings}; the one place that knows how (plain,
 * mTLS, API key). An unreachable server is a {@link TemporalUnreachableException} naming the address.
 */
public final class TemporalConnection {

  private TemporalConnection() {}

  /** Connects and checks the server answers (GetSystemInfo) within {@code timeout}. */
  public static WorkflowServiceStubs connect(
      TemporalSettings settings, Map<String, String> env, Duration timeout) {
    return connect(settings, env, timeout, null);
  }

  /**
   * As {@link #connect(TemporalSettings, Map, Duration)}, reporting the SDK's client and worker metrics
   * to {@code metricsScope} (null: no metrics).
   */
  public static WorkflowServiceStubs connect(
      TemporalSettings settings, Map<String, String> env, Duration timeout, Scope metricsScope) {
    if (settings.embedded()) {
      throw new IllegalArgumentException(
          "no Temporal address given (use --address or TEMPORAL_ADDRESS)");
    }
    WorkflowServiceStubsOptions.Builder options = WorkflowServiceStubsOptions.newBuilder()
        .setTarget(settings.address())
        .setRpcTimeout(timeout);
    if (metricsScope != null) {
      options.setMetricsScope(metricsScope);
    }
    if (settings.tlsCertPath() != null || settings.tlsCaPath() != null) {
      options.setSslContext(sslContext(settings));
    } else if (settings.apiKeyEnv() != null) {
      options.setEnableHttps(true);
    }
    if (settings.apiKeyEnv() != null) {
      String key = env.get(settings.apiKeyEnv());
      if (key == null || key.isBlank()) {
        throw new IllegalArgumentException(
            "environment variable " + settings.apiKeyEnv() + " (the API key) is not set");
      }
      options.addApiKey(() -> key);
    }
    WorkflowServiceStubs stubs = WorkflowServiceStubs.newServiceStubs(options.build());
    try {
      stubs
          .blockingStub()
          .withDeadlineAfter(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)
          .getSystemInfo(GetSystemInfoRequest.getDefaultInstance());
      return stubs;
    } catch (StatusRuntimeException e) {
      stubs.shutdownNow();
      throw new TemporalUnreachableException(
          settings.address(), e.getStatus().getCode() + ": " + e.getStatus().getDescription(), e);
    }
  }

  /**
   * A client for the settings' namespace; with {@link TemporalSettings#codec() keys}, its data converter encrypts
   * every payload (and workers built on it do too).
   */
  public static WorkflowClient client(WorkflowServiceStubs stubs, TemporalSettings settings) {
    WorkflowClientOptions.Builder options =
        WorkflowClientOptions.newBuilder().setNamespace(settings.namespace());
    if (settings.codec() != null) {
      options.setDataConverter(AesGcmPayloadCodec.dataConverter(settings.codec()));
    }
    return WorkflowClient.newInstance(stubs, options.build());
  }

  /** The schedule client beside {@link #client}: same namespace, same payload encryption. */
  public static ScheduleClient scheduleClient(
      WorkflowServiceStubs stubs, TemporalSettings settings) {
    ScheduleClientOptions.Builder options =
        ScheduleClientOptions.newBuilder().setNamespace(settings.namespace());
    if (settings.codec() != null) {
      options.setDataConverter(AesGcmPayloadCodec.dataConverter(settings.codec()));
    }
    return ScheduleClient.newInstance(stubs, options.build());
  }

  private static io.grpc.netty.shaded.io.netty.handler.ssl.SslContext sslContext(
      TemporalSettings s) {
    try {
      SimpleSslContextBuilder builder;
      if (s.tlsCertPath() != null) {
        try (InputStream cert = new FileInputStream(s.tlsCertPath());
            InputStream key = new FileInputStream(s.tlsKeyPath())) {
          builder = SimpleSslContextBuilder.forPKCS8(cert, key);
          return withCa(builder, s);
        }
      }
      return withCa(SimpleSslContextBuilder.noKeyOrCertChain(), s);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read TLS files: " + e.getMessage(), e);
    }
  }

  private static io.grpc.netty.shaded.io.netty.handler.ssl.SslContext withCa(
      SimpleSslContextBuilder builder, TemporalSettings s) throws IOException {
    if (s.tlsCaPath() != null) {
      try (InputStream ca = new FileInputStream(s.tlsCaPath())) {
        java.security.cert.CertificateFactory cf =
            java.security.cert.CertificateFactory.getInstance("X.509");
        java.security.KeyStore ks =
            java.security.KeyStore.getInstance(java.security.KeyStore.getDefaultType());
        ks.load(null, null);
        int i = 0;
        for (java.security.cert.Certificate c : cf.generateCertificates(ca)) {
          ks.setCertificateEntry("ca" + i++, c);
        }
        javax.net.ssl.TrustManagerFactory tmf = javax.net.ssl.TrustManagerFactory.getInstance(
            javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        builder.setTrustManager(tmf.getTrustManagers()[0]);
      } catch (java.security.GeneralSecurityException e) {
        throw new IllegalArgumentException(
            "cannot read TLS CA " + s.tlsCaPath() + ": " + e.getMessage(), e);
      }
    }
    try {
      return builder.build();
    } catch (SSLException e) {
      throw new IllegalArgumentException("TLS setup failed: " + e.getMessage(), e);
    }
  }
}
