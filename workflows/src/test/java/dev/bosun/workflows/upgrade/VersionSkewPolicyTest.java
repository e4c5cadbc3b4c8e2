package dev.bosun.workflows.upgrade;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bosun.workflows.model.KubeVersion;
import dev.bosun.workflows.upgrade.VersionSkewPolicy.Kind;
import org.junit.jupiter.api.Test;

class VersionSkewPolicyTest {

  private static VersionSkewPolicy.Verdict check(String from, String to) {
    return VersionSkewPolicy.check(KubeVersion.parse(from), KubeVersion.parse(to));
  }

  @Test
  void testNextMinorAndPatchAreAllowed() {
    assertEquals(Kind.UPGRADE, check("v1.30.6", "v1.31.2").kind());
    assertTrue(check("v1.30.6", "v1.31.2").allowed());
    assertEquals(Kind.UPGRADE, check("v1.30.2", "v1.30.6").kind());
    assertEquals("v1.30.2 → v1.30.6: patch upgrade", check("v1.30.2", "v1.30.6").message());
  }

  @Test
  void testMinorSkipNamesTheNextStep() {
    VersionSkewPolicy.Verdict v = check("v1.29.8", "v1.31.2");
    assertEquals(Kind.SKIPS_MINOR, v.kind());
    assertFalse(v.allowed());
    assertEquals("v1.29.8 → v1.31.2 skips v1.30: upgrade to the latest v1.30 first", v.message());
    assertEquals(
        "v1.28.1 → v1.31.2 skips v1.29 to v1.30: upgrade to the latest v1.29 first",
        check("v1.28.1", "v1.31.2").message());
  }

  @Test
  void testDowngradeIsRefused() {
    assertEquals(Kind.DOWNGRADE, check("v1.31.2", "v1.30.6").kind());
    assertEquals(Kind.DOWNGRADE, check("v1.31.2", "v1.31.1").kind());
    assertTrue(
        check("v1.31.2", "v1.30.6").message().startsWith("v1.31.2 → v1.30.6 is a downgrade"));
  }

  @Test
  void testSameVersionIsNothingToDo() {
    assertEquals(Kind.SAME, check("v1.31.2", "v1.31.2").kind());
    assertTrue(check("v1.31.2", "v1.31.2").allowed());
  }

  @Test
  void testMajorChangeIsRefused() {
    assertEquals(Kind.MAJOR_CHANGE, check("v1.31.2", "v2.0.0").kind());
  }
}
