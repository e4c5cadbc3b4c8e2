package dev.bosun.worker;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.api.operatorservice.v1.AddSearchAttributesRequest;
import io.temporal.api.operatorservice.v1.ListSearchAttributesRequest;
import io.temporal.serviceclient.OperatorServiceStubs;
import io.temporal.serviceclient.OperatorServiceStubsOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** {@link SearchAttributeStore} over the OperatorService, on the worker's own channel and credentials. */
public final class OperatorSearchAttributeStore implements SearchAttributeStore {

  private static final long DEADLINE_SECONDS = 10;

  private final OperatorServiceStubs operator;
  private final String namespace;

  public OperatorSearchAttributeStore(WorkflowServiceStubs stubs, String namespace) {
    // Building from a target NPEs on a null tally scope (java-stack.md §3); reuse the channel
    // instead and
    // keep the API key / header providers of the workflow stubs.
    OperatorServiceStubsOptions.Builder options = OperatorServiceStubsOptions.newBuilder()
        .setChannel(stubs.getRawChannel())
        .setGrpcMetadataProviders(stubs.getOptions().getGrpcMetadataProviders());
    if (stubs.getOptions().getHeaders() != null) {
      options.setHeaders(stubs.getOptions().getHeaders());
    }
    this.operator = OperatorServiceStubs.newServiceStubs(options.validateAndBuildWithDefaults());
    this.namespace = namespace;
  }

  @Override
  public Optional<Map<String, IndexedValueType>> list() {
    try {
      return Optional.of(operator
          .blockingStub()
          .withDeadlineAfter(DEADLINE_SECONDS, TimeUnit.SECONDS)
          .listSearchAttributes(
              ListSearchAttributesRequest.newBuilder().setNamespace(namespace).build())
          .getCustomAttributesMap());
    } catch (StatusRuntimeException e) {
      // The SDK's test server has no ListSearchAttributes; adding then tells us what exists.
      if (e.getStatus().getCode() == Status.Code.UNIMPLEMENTED) {
        return Optional.empty();
      }
      throw e;
    }
  }

  @Override
  public void add(Map<String, IndexedValueType> attributes) {
    operator
        .blockingStub()
        .withDeadlineAfter(DEADLINE_SECONDS, TimeUnit.SECONDS)
        .addSearchAttributes(AddSearchAttributesRequest.newBuilder()
            .setNamespace(namespace)
            .putAllSearchAttributes(attributes)
            .build());
  }
}
