package dev.bosun.cli.e2e;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives E2E tests the one {@link E2eEnvironment} of the whole run (started by the first test that needs it,
 * closed when the run ends), or skips each test with the reason when the backend cannot run here (per test, so
 * that surefire counts and reports them as skipped).
 */
final class E2eExtension implements BeforeEachCallback, ParameterResolver {

  private static final ExtensionContext.Namespace NS =
      ExtensionContext.Namespace.create(E2eExtension.class);

  /** The environment, or why it could not start (so later classes do not try again). */
  private record Started(E2eEnvironment env, Throwable failure) implements AutoCloseable {
    @Override
    public void close() {
      if (env != null) {
        env.close();
      }
    }
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    E2eBackendKind kind = E2eBackendKind.selected();
    String unavailable = kind.unavailable();
    Assumptions.assumeTrue(unavailable == null, unavailable);
    environment(context);
  }

  static E2eEnvironment environment(ExtensionContext context) {
    Started s = context
        .getRoot()
        .getStore(NS)
        .getOrComputeIfAbsent(
            Started.class,
            k -> {
              try {
                return new Started(E2eEnvironment.start(E2eBackendKind.selected()), null);
              } catch (Exception | Error e) {
                return new Started(null, e);
              }
            },
            Started.class);
    if (s.failure() != null) {
      throw new IllegalStateException(
          "the E2E environment did not start: " + s.failure().getMessage(), s.failure());
    }
    return s.env();
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == E2eEnvironment.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return environment(context);
  }
}
