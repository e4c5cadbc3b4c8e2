package dev.bosun.cli.e2e;

import java.nio.file.Path;

/** {@code -Dbosun.e2e.backend=devserver|docker} (the root pom's docker profile sets docker). */
enum E2eBackendKind {
  DEVSERVER {
    @Override
    String unavailable() {
      return DevServer.temporalCli().isPresent()
          ? null
          : "E2E suite skipped: the temporal CLI (dev server) is not on PATH nor in ~/go/bin; temporal-dev/install builds it";
    }

    @Override
    TemporalBackend start(Path dir) throws Exception {
      return DevServer.start(dir.resolve("temporal-state"));
    }
  },
  DOCKER {
    @Override
    String unavailable() {
      return DockerTemporal.dockerAvailable()
          ? null
          : "E2E suite (-Pdocker) skipped: Docker is not available, so no Temporal/PostgreSQL containers can run here";
    }

    @Override
    TemporalBackend start(Path dir) {
      return DockerTemporal.start();
    }
  };

  static E2eBackendKind selected() {
    String name = System.getProperty("bosun.e2e.backend", "devserver").trim();
    return switch (name) {
      case "devserver", "" -> DEVSERVER;
      case "docker" -> DOCKER;
      default ->
        throw new IllegalArgumentException(
            "bosun.e2e.backend must be devserver or docker, got '" + name + "'");
    };
  }

  /** Why this backend cannot run here (a visible skip reason), or null. */
  abstract String unavailable();

  abstract TemporalBackend start(Path dir) throws Exception;
}
