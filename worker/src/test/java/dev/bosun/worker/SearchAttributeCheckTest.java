package dev.bosun.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bosun.worker.Greetings.GreetingActivitiesImpl;
import dev.bosun.worker.Greetings.GreetingWorkflow;
import dev.bosun.worker.config.WorkerConfig;
import dev.bosun.workflows.BosunSearchAttributes;
import io.grpc.Status;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.common.SearchAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SearchAttributeCheckTest {

  /** A registry that lists what it is given and refuses (or accepts) additions like a server would. */
  private static final class FakeStore implements SearchAttributeStore {
    final Map<String, IndexedValueType> existing;
    final Status refusal;
    final List<Map<String, IndexedValueType>> added = new ArrayList<>();

    FakeStore(Map<String, IndexedValueType> existing, Status refusal) {
      this.existing = existing;
      this.refusal = refusal;
    }

    @Override
    public Optional<Map<String, IndexedValueType>> list() {
      return Optional.of(existing);
    }

    @Override
    public void add(Map<String, IndexedValueType> attributes) {
      if (refusal != null) {
        throw refusal.asRuntimeException();
      }
      added.add(attributes);
    }
  }

  @Test
  void testMissingAttributesAreCreatedOnTheServerAndWorkflowsCanSetThem() throws Exception {
    try (TestTemporal temporal = new TestTemporal()) {
      WorkflowClient client = temporal.client();
      GreetingActivitiesImpl activities = new GreetingActivitiesImpl();
      try (BosunWorker worker = BosunWorker.create(
          client, "attrs", WorkerConfig.defaults(), Greetings.registrations(activities))) {
        worker.start();

        // An unregistered attribute is refused at start; these are accepted and stored.
        GreetingWorkflow workflow = client.newWorkflowStub(
            GreetingWorkflow.class,
            WorkflowOptions.newBuilder()
                .setTaskQueue("attrs")
                .setWorkflowId("attrs-1")
                .setTypedSearchAttributes(SearchAttributes.newBuilder()
                    .set(BosunSearchAttributes.CLUSTER, "lab1")
                    .set(BosunSearchAttributes.NODES_TOTAL, 3L)
                    .build())
                .build());
        assertThat(workflow.greet("lab1", 1)).isEqualTo("hello lab1");
        SearchAttributes stored =
            client.newUntypedWorkflowStub("attrs-1").describe().getTypedSearchAttributes();
        assertThat(stored.get(BosunSearchAttributes.CLUSTER)).isEqualTo("lab1");
        assertThat(stored.get(BosunSearchAttributes.NODES_TOTAL)).isEqualTo(3L);
      }
      // A second start finds them present ("already exists" is not an error).
      List<String> again = SearchAttributeCheck.ensure(
          new OperatorSearchAttributeStore(temporal.stubs(), "default"),
          "default",
          BosunSearchAttributes.ALL,
          true);
      assertThat(again).isEmpty();
    }
  }

  @Test
  void testOnlyTheMissingOnesAreAddedWithTheirTypes() {
    FakeStore store = new FakeStore(
        Map.of(
            "BosunCluster", IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
            "BosunOperation", IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
            "BosunPhase", IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
            "BosunTargetVersion", IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
            "BosunDrillResult", IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
            "BosunBackupResult", IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD),
        null);

    List<String> added =
        SearchAttributeCheck.ensure(store, "default", BosunSearchAttributes.ALL, true);

    assertThat(added).containsExactly("BosunNodesDone", "BosunNodesTotal");
    assertThat(store.added)
        .containsExactly(Map.of(
            "BosunNodesDone", IndexedValueType.INDEXED_VALUE_TYPE_INT,
            "BosunNodesTotal", IndexedValueType.INDEXED_VALUE_TYPE_INT));
  }

  @Test
  void testServerRefusingToAddThemFailsWithTheCommandsThatCreateThem() {
    FakeStore store = new FakeStore(
        Map.of("BosunCluster", IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD),
        Status.PERMISSION_DENIED.withDescription("Request unauthorized."));

    assertThatThrownBy(
            () -> SearchAttributeCheck.ensure(store, "prod", BosunSearchAttributes.ALL, true))
        .isInstanceOf(SearchAttributesMissingException.class)
        .hasMessageContaining("missing in namespace 'prod'")
        .hasMessageContaining("PERMISSION_DENIED: Request unauthorized.")
        .hasMessageContaining(
            "temporal operator search-attribute create --namespace prod --name BosunOperation --type Keyword")
        .hasMessageContaining(
            "temporal operator search-attribute create --namespace prod --name BosunNodesDone --type Int")
        .hasMessageNotContaining("--name BosunCluster ")
        .satisfies(e -> assertThat(((SearchAttributesMissingException) e).missing())
            .hasSize(BosunSearchAttributes.ALL.size() - 1)
            .doesNotContainKey("BosunCluster"));
  }

  @Test
  void testCreationSwitchedOffOnlyReportsTheMissingOnes() {
    FakeStore store = new FakeStore(Map.of(), null);

    assertThatThrownBy(
            () -> SearchAttributeCheck.ensure(store, "default", BosunSearchAttributes.ALL, false))
        .isInstanceOf(SearchAttributesMissingException.class)
        .hasMessageContaining("bosun.worker.create-search-attributes is false")
        .hasMessageContaining("--name BosunCluster --type Keyword");
    assertThat(store.added).isEmpty();
  }

  @Test
  void testAttributeOfTheWrongTypeIsNamed() {
    FakeStore store =
        new FakeStore(Map.of("BosunNodesDone", IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD), null);

    assertThatThrownBy(
            () -> SearchAttributeCheck.ensure(store, "default", BosunSearchAttributes.ALL, true))
        .hasMessageContaining(
            "BosunNodesDone exists in namespace 'default' as INDEXED_VALUE_TYPE_KEYWORD but Bosun needs Int");
    assertThat(store.added).isEmpty();
  }
}
