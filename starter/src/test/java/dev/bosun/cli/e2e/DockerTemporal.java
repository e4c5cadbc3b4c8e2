package dev.bosun.cli.e2e;

import static org.awaitility.Awaitility.await;

import dev.bosun.workflows.BosunSearchAttributes;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.api.operatorservice.v1.AddSearchAttributesRequest;
import io.temporal.api.operatorservice.v1.ListSearchAttributesRequest;
import io.temporal.api.workflowservice.v1.DescribeNamespaceRequest;
import io.temporal.serviceclient.OperatorServiceStubs;
import io.temporal.serviceclient.OperatorServiceStubsOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;

/**
 * Temporal on PostgreSQL in containers ({@code mvn -B verify -Pdocker}): {@code postgres:16} and
 * {@code temporalio/auto-setup} with {@code DB=postgres12}, like temporal-dev/docker-compose.yml; Bosun's
 * search attributes are registered through the OperatorService.
 */
final class DockerTemporal implements TemporalBackend {

  static final String POSTGRES_IMAGE = "postgres:16";
  static final String TEMPORAL_IMAGE = "temporalio/auto-setup:1.29.1";

  private final Network network;
  private final GenericContainer<?> postgres;
  private final GenericContainer<?> temporal;

  private DockerTemporal(
      Network network, GenericContainer<?> postgres, GenericContainer<?> temporal) {
    this.network = network;
    this.postgres = postgres;
    this.temporal = temporal;
  }

  static boolean dockerAvailable() {
    try {
      return DockerClientFactory.instance().isDockerAvailable();
    } catch (RuntimeException | LinkageError e) {
      return false;
    }
  }

  @SuppressWarnings("resource") // closed in close()
  static DockerTemporal start() {
    Network network = Network.newNetwork();
    GenericContainer<?> postgres = new GenericContainer<>(DockerImageName.parse(POSTGRES_IMAGE))
        .withNetwork(network)
        .withNetworkAliases("postgresql")
        .withEnv("POSTGRES_USER", "temporal")
        .withEnv("POSTGRES_PASSWORD", "temporal") // a throwaway database inside the test network
        .waitingFor(Wait.forLogMessage(".*database system is ready to accept connections.*", 2));
    GenericContainer<?> temporal = new GenericContainer<>(DockerImageName.parse(TEMPORAL_IMAGE))
        .withNetwork(network)
        .withEnv("DB", "postgres12")
        .withEnv("DB_PORT", "5432")
        .withEnv("POSTGRES_USER", "temporal")
        .withEnv("POSTGRES_PWD", "temporal")
        .withEnv("POSTGRES_SEEDS", "postgresql")
        .withExposedPorts(7233)
        .waitingFor(Wait.forListeningPort().withStartupTimeout(Duration.ofMinutes(3)))
        .dependsOn(postgres);
    DockerTemporal d = new DockerTemporal(network, postgres, temporal);
    try {
      postgres.start();
      temporal.start();
      d.awaitNamespaceAndRegisterSearchAttributes();
    } catch (RuntimeException e) {
      d.close();
      throw e;
    }
    return d;
  }

  /** auto-setup registers the default namespace after the frontend listens; then add Bosun's attributes. */
  private void awaitNamespaceAndRegisterSearchAttributes() {
    WorkflowServiceStubs stubs = WorkflowServiceStubs.newServiceStubs(
        WorkflowServiceStubsOptions.newBuilder().setTarget(address()).build());
    try {
      await("namespace default on " + address())
          .atMost(Duration.ofMinutes(2))
          .pollInterval(Duration.ofSeconds(1))
          .ignoreExceptions()
          .until(() -> stubs
                  .blockingStub()
                  .describeNamespace(DescribeNamespaceRequest.newBuilder()
                      .setNamespace(namespace())
                      .build())
              != null);
      OperatorServiceStubs operator =
          OperatorServiceStubs.newServiceStubs(OperatorServiceStubsOptions.newBuilder()
              .setChannel(stubs.getRawChannel())
              .validateAndBuildWithDefaults());
      Map<String, IndexedValueType> missing = new HashMap<>();
      Map<String, IndexedValueType> existing = operator
          .blockingStub()
          .listSearchAttributes(
              ListSearchAttributesRequest.newBuilder().setNamespace(namespace()).build())
          .getCustomAttributesMap();
      BosunSearchAttributes.ALL.forEach((name, type) -> {
        if (!existing.containsKey(name)) {
          missing.put(
              name,
              "Int".equals(type)
                  ? IndexedValueType.INDEXED_VALUE_TYPE_INT
                  : IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD);
        }
      });
      if (!missing.isEmpty()) {
        operator
            .blockingStub()
            .addSearchAttributes(AddSearchAttributesRequest.newBuilder()
                .setNamespace(namespace())
                .putAllSearchAttributes(missing)
                .build());
      }
      await("Bosun search attributes on " + address())
          .atMost(Duration.ofMinutes(1))
          .pollInterval(Duration.ofSeconds(1))
          .until(() -> operator
              .blockingStub()
              .listSearchAttributes(ListSearchAttributesRequest.newBuilder()
                  .setNamespace(namespace())
                  .build())
              .getCustomAttributesMap()
              .keySet()
              .containsAll(BosunSearchAttributes.NAMES));
    } finally {
      stubs.shutdownNow();
    }
  }

  @Override
  public String address() {
    return temporal.getHost() + ":" + temporal.getMappedPort(7233);
  }

  @Override
  public String namespace() {
    return "default";
  }

  @Override
  public String uiUrl() {
    return null;
  }

  @Override
  public void killAndRestart() {
    throw new UnsupportedOperationException(cannotRestart());
  }

  @Override
  public String cannotRestart() {
    return "the docker backend maps the frontend to a random host port that a container restart may change; "
        + "the server-restart scenario runs against the dev server (the default backend)";
  }

  @Override
  public void close() {
    temporal.stop();
    postgres.stop();
    network.close();
  }
}
