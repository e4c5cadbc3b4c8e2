package dev.bosun.activities.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ShellQuoteTest {

  @Test
  void quotesWithSingleQuotesAndEscapesEmbeddedOnes() {
    assertEquals("'v1.31.2'", ShellQuote.quote("v1.31.2"));
    assertEquals("'it'\\''s'", ShellQuote.quote("it's"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "v1.31.2;id",
        "$(id)",
        "`id`",
        "v1.31.2' && id '",
        "1.31",
        "v1.31.2\nid",
        "",
        " v1.31.2"
      })
  void versionsThatAreNotExactlyVMajorMinorPatchAreRejected(String bad) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> ShellQuote.version(bad));
    assertTrue(e.getMessage().contains("vMAJOR.MINOR.PATCH"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"1.31.2-1.1;id", "$(id)", "`id`", "1.31.2'", "1.31 2", "a|b", ""})
  void packageVersionsWithShellCharactersAreRejected(String bad) {
    assertThrows(IllegalArgumentException.class, () -> ShellQuote.packageVersion(bad));
  }

  @Test
  void goodPackageVersionsPass() {
    assertEquals("'1.31.2-1.1'", ShellQuote.packageVersion("1.31.2-1.1"));
    assertEquals("'1:1.2.3+deb~1'", ShellQuote.packageVersion("1:1.2.3+deb~1"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "relative/x.db",
        "/var/backups/../../etc/shadow",
        "/var/backups/a b.db",
        "/var/$(id).db",
        "/var/`id`",
        "/var/x;id",
        "/var/x'"
      })
  void pathsMustBeStrict(String bad) {
    assertThrows(IllegalArgumentException.class, () -> ShellQuote.path(bad));
  }

  @Test
  void goodPathsAreQuoted() {
    assertEquals(
        "'/var/backups/bosun-etcd-lab1-20261121T053000Z.db'",
        ShellQuote.path("/var/backups/bosun-etcd-lab1-20261121T053000Z.db"));
  }

  /** Issue 15, hole 2: a URL with credentials is refused without echoing them. */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "https://mirror-user:s3cr3tT0ken@mirror.lab/k8s",
        "https://s3cr3tT0ken@mirror.lab/k8s"
      })
  void aUrlWithCredentialsIsRefusedWithoutEchoingThem(String url) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> ShellQuote.requireUrl(url));
    assertTrue(!e.getMessage().contains("s3cr3tT0ken"), e.getMessage());
    assertTrue(e.getMessage().contains("user:password@"), e.getMessage());
  }
}
