package dev.bosun.workflows.drain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bosun.workflows.activities.DrainPlan;
import dev.bosun.workflows.activities.PodRef;
import dev.bosun.workflows.model.DrainOptions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class DrainRulesTest {

  static PodFacts pod(String name, String ownerKind) {
    return new PodFacts(
        "default",
        name,
        ownerKind,
        ownerKind == null ? null : name + "-owner",
        false,
        false,
        false,
        false,
        Map.of("app", name),
        30);
  }

  static DrainOptions opts(
      boolean deleteEmptyDir, boolean ignoreDs, boolean force, String selector) {
    return new DrainOptions(
        Duration.ofMinutes(10),
        -1,
        deleteEmptyDir,
        ignoreDs,
        force,
        selector,
        false,
        Duration.ZERO);
  }

  static final PodFacts WEB = pod("web", "ReplicaSet");
  static final PodFacts DS = pod("fluentd", "DaemonSet");
  static final PodFacts MIRROR = new PodFacts(
      "kube-system",
      "kube-apiserver-cp-1",
      "Node",
      "cp-1",
      true,
      false,
      false,
      false,
      Map.of(),
      30);
  static final PodFacts CACHE = new PodFacts(
      "default",
      "cache",
      "StatefulSet",
      "cache",
      false,
      true,
      false,
      false,
      Map.of("app", "cache"),
      30);
  static final PodFacts BARE = pod("bare", null);
  static final PodFacts DONE =
      new PodFacts("default", "job-x", null, null, false, true, true, false, Map.of(), 30);

  /** pod, options, expected: "evict", "skip:<reason>" or "refuse:<message>". */
  static Stream<Arguments> table() {
    DrainOptions strict = opts(false, false, false, null);
    DrainOptions lenient = opts(true, true, true, null);
    return Stream.of(
        Arguments.of(WEB, strict, "evict"),
        Arguments.of(DS, strict, "refuse:" + DrainRules.DAEMONSET_REFUSAL),
        Arguments.of(DS, lenient, "skip:" + DrainRules.SKIP_DAEMONSET),
        Arguments.of(MIRROR, strict, "skip:" + DrainRules.SKIP_MIRROR),
        Arguments.of(CACHE, strict, "refuse:" + DrainRules.EMPTYDIR_REFUSAL),
        Arguments.of(CACHE, lenient, "evict"),
        Arguments.of(BARE, strict, "refuse:" + DrainRules.UNMANAGED_REFUSAL),
        Arguments.of(BARE, lenient, "evict"),
        Arguments.of(DONE, strict, "skip:" + DrainRules.SKIP_FINISHED),
        Arguments.of(
            WEB, opts(true, true, false, "app=other"), "skip:" + DrainRules.SKIP_NOT_SELECTED),
        Arguments.of(WEB, opts(true, true, false, "app=web"), "evict"),
        Arguments.of(
            WEB, opts(true, true, false, "app!=web"), "skip:" + DrainRules.SKIP_NOT_SELECTED),
        Arguments.of(WEB, opts(true, true, false, "app"), "evict"),
        Arguments.of(WEB, opts(true, true, false, "!app"), "skip:" + DrainRules.SKIP_NOT_SELECTED),
        Arguments.of(WEB, opts(true, true, false, "app==web,!tier"), "evict"),
        // emptyDir is checked before "unmanaged": the first refusal wins, as in kubectl's chain
        Arguments.of(
            new PodFacts("default", "scratch", null, null, false, true, false, false, Map.of(), 5),
            strict,
            "refuse:" + DrainRules.EMPTYDIR_REFUSAL));
  }

  @ParameterizedTest
  @MethodSource("table")
  void classifiesLikeKubectl(PodFacts pod, DrainOptions options, String expected) {
    DrainPlan plan = DrainRules.classify("w-1", List.of(pod), options);
    String actual;
    if (!plan.toEvict().isEmpty()) {
      actual = "evict";
    } else if (!plan.skipped().isEmpty()) {
      actual = "skip:" + plan.skipped().get(0).reason();
    } else {
      actual =
          "refuse:" + plan.refusals().get(0).substring(0, plan.refusals().get(0).lastIndexOf(": "));
    }
    assertEquals(expected, actual);
  }

  @Test
  void refusalsAreGroupedByMessageListingThePods() {
    PodFacts bare2 = pod("bare2", null);
    DrainPlan plan = DrainRules.classify(
        "w-1", List.of(WEB, BARE, DS, bare2, CACHE), opts(false, false, false, null));
    assertTrue(plan.refused());
    assertEquals(
        List.of(
            DrainRules.UNMANAGED_REFUSAL + ": default/bare, default/bare2",
            DrainRules.DAEMONSET_REFUSAL + ": default/fluentd",
            DrainRules.EMPTYDIR_REFUSAL + ": default/cache"),
        plan.refusals());
    assertEquals(List.of(new PodRef("default", "web", 30)), plan.toEvict());
  }

  @Test
  void defaultsEvictManagedPodsAndSkipDaemonSetsAndMirrors() {
    DrainPlan plan =
        DrainRules.classify("cp-1", List.of(WEB, DS, MIRROR, CACHE, DONE), DrainOptions.defaults());
    assertFalse(plan.refused());
    assertEquals(
        List.of("web", "cache"), plan.toEvict().stream().map(PodRef::name).toList());
    assertEquals(3, plan.skipped().size());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"app in (a,b)", "app=", "=x", "a=b,,c=d", "bad key=x", "app=va lue", "-app=x"})
  void badSelectorsAreClearErrors(String selector) {
    if (selector.equals("app=")) {
      // an empty value is valid in Kubernetes: app has the empty value
      assertFalse(DrainRules.PodSelector.parse(selector).matches(Map.of("app", "x")));
      assertTrue(DrainRules.PodSelector.parse(selector).matches(Map.of("app", "")));
      return;
    }
    IllegalArgumentException e = assertThrows(
        IllegalArgumentException.class,
        () -> DrainRules.classify("w-1", List.of(WEB), opts(true, true, false, selector)));
    assertTrue(e.getMessage().startsWith("podSelector '"), e.getMessage());
  }

  @Test
  void prefixedKeysAreAccepted() {
    assertTrue(DrainRules.PodSelector.parse("app.kubernetes.io/name=web")
        .matches(Map.of("app.kubernetes.io/name", "web")));
  }
}
