package dev.bosun.worker;

import io.micronaut.core.annotation.Nullable;
import io.temporal.serviceclient.WorkflowServiceStubs;

/**
 * What a program embedding the worker hands to the Micronaut context ({@link EmbeddedWorker}).
 *
 * @param serviceStubs already-connected stubs to use instead of connecting (the embedder closes them)
 * @param registrations what to register instead of Bosun's own workflows and activities
 */
public record Embedding(@Nullable WorkflowServiceStubs serviceStubs, @Nullable Registrations registrations) {}
