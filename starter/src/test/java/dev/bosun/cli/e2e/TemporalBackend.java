package dev.bosun.cli.e2e;

/** The Temporal server the E2E suite runs against: the dev server (default) or a container (-Pdocker). */
interface TemporalBackend extends AutoCloseable {

  /** host:port of the frontend. */
  String address();

  String namespace();

  /** Base URL of the Web UI, or null when this backend has none. */
  String uiUrl();

  /** Kills the server process (SIGKILL, no goodbye) and starts it again on the same state and ports. */
  void killAndRestart() throws Exception;

  /** Why {@link #killAndRestart()} cannot be done here, or null when it can. */
  String cannotRestart();

  @Override
  void close();
}
