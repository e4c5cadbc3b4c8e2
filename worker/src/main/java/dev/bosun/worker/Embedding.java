package dev.bosun.worker;

import dev.bosun.worker.codec.CodecKeys;
import io.micronaut.core.annotation.Nullable;
import io.temporal.serviceclient.WorkflowServiceStubs;

/**
 * What a program embedding the worker hands to the Micronaut context ({@link EmbeddedWorker}).
 *
 * @param serviceStubs already-connected stubs to use instead of connecting (the embedder closes them)
 * @param registrations what to register instead of Bosun's own workflows and activities
 * @param codec payload keys the embedder already loaded (the CLI's {@code --codec-*}); they replace {@code
 *     bosun.temporal.codec.*}
 */
public record Embedding(
    @Nullable WorkflowServiceStubs serviceStubs,
    @Nullable Registrations registrations,
    @Nullable CodecKeys codec) {}
