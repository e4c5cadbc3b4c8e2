package dev.bosun.activities.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bosun.activities.Failures;
import dev.bosun.activities.Heartbeat;
import dev.bosun.workflows.activities.EvictionRequest;
import dev.bosun.workflows.activities.EvictionRound;
import dev.bosun.workflows.activities.PdbBlocker;
import dev.bosun.workflows.activities.PodRef;
import dev.bosun.workflows.drain.DrainText;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One bounded round of evictions. A scheduler loop on the activity thread hands short attempts (one
 * eviction POST, or one "is it gone yet" GET) to a bounded pool, so pods held by a PDB never occupy a
 * worker while they wait for their backoff; it heartbeats a readable summary as it goes.
 */
final class EvictionRunner {

  /** First retry of a PDB-blocked eviction: the replacement of the pod evicted before it is often Ready within this. */
  static final Duration FIRST_BACKOFF = Duration.ofMillis(500);

  static final Duration MAX_BACKOFF = Duration.ofSeconds(5);
  /**
   * Retries of the first pod waiting behind a known PDB (one request per PDB, not per pod): soon at first — a
   * replacement that is already starting is often Ready within a few hundred ms — then doubling up to
   * {@link #PDB_RETRY_MAX}, and back to the first after an eviction behind that PDB succeeds. A budget that
   * stays blocked costs about one request a second, a fifth of what kubectl drain's 5 s retry per pod costs
   * with five pods queued.
   */
  static final Duration PDB_RETRY_FIRST = Duration.ofMillis(100);

  static final Duration PDB_RETRY_MAX = Duration.ofSeconds(1);
  static final Duration DELETION_POLL = Duration.ofMillis(500);
  /** Poll for a pod past its grace period: the kubelet is about to confirm it. */
  static final Duration OVERDUE_POLL = Duration.ofMillis(250);
  /** Look this long after a pod's grace period ends (the kubelet and the API server need a moment to remove it). */
  static final Duration DEADLINE_MARGIN = Duration.ofMillis(100);
  /** How often the loop looks for attempts that are due: finer than any retry or poll interval above. */
  private static final Duration TICK = Duration.ofMillis(50);

  private static final Duration HEARTBEAT_EVERY = Duration.ofSeconds(1);
  private static final Pattern PDB_NAME = Pattern.compile("The disruption budget (\\S+) needs");
  private static final ObjectMapper JSON = new ObjectMapper();

  private enum State {
    PENDING,
    BLOCKED,
    EVICTED,
    GONE
  }

  /** Mutable progress of one pod; touched by at most one attempt at a time (inFlight). */
  private static final class Progress {
    final PodRef ref;
    volatile State state = State.PENDING;
    volatile long nextAttempt;
    volatile Duration backoff = FIRST_BACKOFF;
    volatile boolean inFlight;
    volatile String uid;
    volatile Map<String, String> labels = Map.of();
    volatile String blockedBy; // "ns/pdb"
    volatile String blockMessage;
    volatile long evictedAt;

    Progress(PodRef ref) {
      this.ref = ref;
    }
  }

  private final KubernetesClient client;
  private final KubeHttp http;
  private final EvictionRequest request;
  private final Heartbeat heartbeat;
  private final ExecutorService attempts;
  private final AtomicReference<ApplicationFailure> fatal = new AtomicReference<>();
  /** The next retry interval per blocked PDB ("ns/name"). */
  private final Map<String, Duration> pdbRetry = new ConcurrentHashMap<>();

  EvictionRunner(
      KubernetesClient client,
      KubeHttp http,
      EvictionRequest request,
      Heartbeat heartbeat,
      ExecutorService attempts) {
    this.client = client;
    this.http = http;
    this.request = request;
    this.heartbeat = heartbeat;
    this.attempts = attempts;
  }

  EvictionRound run() {
    List<Progress> pods =
        evictionOrder(request.pods()).stream().map(Progress::new).toList();
    long deadline = System.nanoTime() + request.roundBudget().toNanos();
    long nextBeat = 0;
    while (true) {
      if (fatal.get() != null) {
        throw fatal.get();
      }
      long now = System.nanoTime();
      boolean allGone = pods.stream().allMatch(p -> p.state == State.GONE);
      if (allGone || now >= deadline) {
        break;
      }
      Set<String> probing = new HashSet<>();
      for (Progress p : pods) {
        if (p.state == State.BLOCKED && p.blockedBy != null && !probing.add(p.blockedBy)) {
          continue; // pods queued behind the same PDB: only the first asks again (one disruption
          // frees one slot)
        }
        if (!p.inFlight && p.state != State.GONE && p.nextAttempt <= now) {
          p.inFlight = true;
          attempts.submit(() -> attempt(p));
        }
      }
      if (now >= nextBeat) {
        heartbeat.beat(summary(pods));
        nextBeat = now + HEARTBEAT_EVERY.toNanos();
      }
      sleep(TICK);
    }
    // Let attempts already under way finish so the result is consistent.
    long settle = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (pods.stream().anyMatch(p -> p.inFlight) && System.nanoTime() < settle) {
      sleep(Duration.ofMillis(20));
    }
    if (fatal.get() != null) {
      throw fatal.get();
    }
    heartbeat.beat(summary(pods));
    return new EvictionRound(
        refs(pods, State.GONE), refs(pods, State.EVICTED), remaining(pods), blockers(pods));
  }

  private void attempt(Progress p) {
    try {
      if (p.state == State.EVICTED) {
        checkGone(p);
      } else {
        evict(p);
      }
    } catch (ApplicationFailure f) {
      if (!f.isNonRetryable()) {
        // A transient API error: try again after the backoff.
        p.nextAttempt = System.nanoTime() + p.backoff.toNanos();
      } else {
        fatal.compareAndSet(null, f);
      }
    } catch (RuntimeException e) {
      p.nextAttempt = System.nanoTime() + p.backoff.toNanos();
    } finally {
      p.inFlight = false;
    }
  }

  private void evict(Progress p) {
    if (p.uid == null && !readPod(p)) {
      p.state = State.GONE;
      return;
    }
    KubeHttp.Response r = http.post(podPath(p.ref) + "/eviction", evictionBody(p.ref));
    switch (r.code()) {
      case 200, 201 -> evicted(p);
      case 429 -> blocked(p, r.body());
      case 404 -> {
        if (!readPod(p)) {
          p.state = State.GONE;
        } else {
          fallback(p, "the Eviction API answered 404 for an existing pod");
        }
      }
      case 405 -> fallback(p, "the Eviction API is not allowed (405)");
      case 401, 403 ->
        throw Failures.nonRetryable(
            Failures.KUBE_API,
            "evicting " + p.ref + " was refused (" + r.code() + "): " + statusMessage(r.body()));
      default -> {
        p.blockMessage = "eviction answered " + r.code() + ": " + statusMessage(r.body());
        backOff(p);
      }
    }
  }

  private void fallback(Progress p, String why) {
    if (request.options().disableEvictionFallback()) {
      throw Failures.nonRetryable(
          Failures.EVICTION_UNAVAILABLE,
          "cannot evict " + p.ref + ": " + why
              + ", and disableEvictionFallback forbids deleting pods instead");
    }
    KubeHttp.Response r = http.delete(podPath(p.ref), deleteOptions());
    if (r.code() == 404) {
      p.state = State.GONE;
    } else if (r.code() / 100 == 2) {
      evicted(p);
    } else {
      p.blockMessage = "delete answered " + r.code() + ": " + statusMessage(r.body());
      backOff(p);
    }
  }

  private void evicted(Progress p) {
    if (p.blockedBy != null) {
      pdbRetry.remove(p.blockedBy); // the budget moves again: the next pod behind it asks soon
    }
    p.evictedAt = System.nanoTime();
    p.state = State.EVICTED;
    p.blockedBy = null;
    p.blockMessage = null;
    p.nextAttempt = System.nanoTime();
  }

  private void blocked(Progress p, String body) {
    p.state = State.BLOCKED;
    p.blockMessage = statusMessage(body);
    p.blockedBy = pdbFromCauses(p.ref.namespace(), body);
    if (p.blockedBy == null) {
      p.blockedBy = pdbBySelector(p);
    }
    if (p.blockedBy != null) {
      // A known PDB frees a slot when the last evicted pod's replacement turns Ready; only the
      // first pod behind
      // it asks (see run()), at a steady pace, so a queue of pods does not each back off to
      // MAX_BACKOFF.
      Duration wait = pdbRetry.getOrDefault(p.blockedBy, PDB_RETRY_FIRST);
      Duration doubled = wait.multipliedBy(2);
      pdbRetry.put(p.blockedBy, doubled.compareTo(PDB_RETRY_MAX) > 0 ? PDB_RETRY_MAX : doubled);
      p.nextAttempt = System.nanoTime() + wait.toNanos();
    } else {
      backOff(p);
    }
  }

  private static void backOff(Progress p) {
    p.nextAttempt = System.nanoTime() + p.backoff.toNanos();
    Duration doubled = p.backoff.multipliedBy(2);
    p.backoff = doubled.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : doubled;
  }

  private void checkGone(Progress p) {
    KubeHttp.Response r = http.get(podPath(p.ref));
    if (r.code() == 404) {
      p.state = State.GONE;
      return;
    }
    JsonNode pod = read(r.body());
    JsonNode meta = pod.path("metadata");
    if (r.code() == 200 && !Objects.equals(p.uid, meta.path("uid").asText(null))) {
      p.state = State.GONE; // a replacement with the same name (StatefulSet)
      return;
    }
    Duration skipWait = request.options().skipWaitForDeleteTimeout();
    if (skipWait != null && !skipWait.isZero() && meta.hasNonNull("deletionTimestamp")) {
      Instant deleting =
          OffsetDateTime.parse(meta.path("deletionTimestamp").asText()).toInstant();
      if (deleting.plus(skipWait).isBefore(Instant.now())) {
        p.state = State.GONE; // kubectl's --skip-wait-for-delete-timeout: stop waiting for it
        return;
      }
    }
    p.nextAttempt = System.nanoTime()
        + nextDeletionCheck(meta, Duration.ofNanos(System.nanoTime() - p.evictedAt))
            .toNanos();
  }

  /**
   * Longest termination grace first (stable otherwise): a drain cannot end before its slowest pod has
   * terminated, so that pod's clock should start first.
   */
  static List<PodRef> evictionOrder(List<PodRef> pods) {
    return pods.stream()
        .sorted(java.util.Comparator.comparingInt(PodRef::gracePeriodSeconds).reversed())
        .toList();
  }

  /**
   * When to look again for a terminating pod: when its grace period ends (the eviction's time plus
   * metadata.deletionGracePeriodSeconds, on this machine's clock: deletionTimestamp has whole seconds only),
   * if that comes before the next regular poll, so a drain does not wait up to a whole poll past it.
   */
  static Duration nextDeletionCheck(JsonNode meta, Duration sinceEviction) {
    if (!meta.hasNonNull("deletionGracePeriodSeconds")) {
      return DELETION_POLL;
    }
    Duration left =
        Duration.ofSeconds(meta.path("deletionGracePeriodSeconds").asLong()).minus(sinceEviction);
    if (left.isNegative() || left.isZero()) {
      return OVERDUE_POLL;
    }
    Duration atDeadline = left.plus(DEADLINE_MARGIN);
    return atDeadline.compareTo(DELETION_POLL) < 0 ? atDeadline : DELETION_POLL;
  }

  /** Reads uid and labels; false when the pod does not exist. */
  private boolean readPod(Progress p) {
    KubeHttp.Response r = http.get(podPath(p.ref));
    if (r.code() == 404) {
      return false;
    }
    if (r.code() != 200) {
      throw Failures.retryable(
          Failures.KUBE_API,
          "GET " + p.ref + " answered " + r.code() + ": " + statusMessage(r.body()));
    }
    JsonNode meta = read(r.body()).path("metadata");
    if (p.uid != null && !p.uid.equals(meta.path("uid").asText())) {
      return false;
    }
    p.uid = meta.path("uid").asText();
    Map<String, String> labels = new LinkedHashMap<>();
    meta.path("labels")
        .fields()
        .forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
    p.labels = labels;
    return true;
  }

  /** "ns/name" of the PDB named in a 429's details.causes[].message, or null. */
  static String pdbFromCauses(String namespace, String body) {
    for (JsonNode cause : read(body).path("details").path("causes")) {
      Matcher m = PDB_NAME.matcher(cause.path("message").asText(""));
      if (m.find()) {
        return namespace + "/" + m.group(1);
      }
    }
    return null;
  }

  private String pdbBySelector(Progress p) {
    try {
      for (PodDisruptionBudget pdb : client
          .policy()
          .v1()
          .podDisruptionBudget()
          .inNamespace(p.ref.namespace())
          .list()
          .getItems()) {
        if (LabelSelectors.matches(pdb.getSpec().getSelector(), p.labels)) {
          return p.ref.namespace() + "/" + pdb.getMetadata().getName();
        }
      }
    } catch (RuntimeException e) {
      // unknown PDB: reported as such
    }
    return p.ref.namespace() + "/(unknown PDB)";
  }

  private List<PdbBlocker> blockers(List<Progress> pods) {
    Map<String, List<Progress>> byPdb = new LinkedHashMap<>();
    for (Progress p : pods) {
      if (p.state == State.BLOCKED && p.blockedBy != null) {
        byPdb.computeIfAbsent(p.blockedBy, k -> new ArrayList<>()).add(p);
      }
    }
    List<PdbBlocker> list = new ArrayList<>();
    byPdb.forEach((key, blocked) -> {
      String ns = key.substring(0, key.indexOf('/'));
      String name = key.substring(key.indexOf('/') + 1);
      list.add(new PdbBlocker(
          ns,
          name,
          disruptionsAllowed(ns, name),
          blocked.stream().map(b -> b.ref.name()).toList(),
          blocked.get(0).blockMessage));
    });
    return List.copyOf(list);
  }

  private int disruptionsAllowed(String ns, String name) {
    try {
      PodDisruptionBudget pdb = client
          .policy()
          .v1()
          .podDisruptionBudget()
          .inNamespace(ns)
          .withName(name)
          .get();
      return pdb != null
              && pdb.getStatus() != null
              && pdb.getStatus().getDisruptionsAllowed() != null
          ? pdb.getStatus().getDisruptionsAllowed()
          : 0;
    } catch (RuntimeException e) {
      return 0;
    }
  }

  /** The heartbeat of an eviction round, in DrainText's words. */
  static String summary(
      Map<String, List<String>> blockedByPdb, int evicted, int terminating, int pending) {
    return DrainText.heartbeat(blockedByPdb, evicted, terminating, pending);
  }

  private static String summary(List<Progress> pods) {
    Map<String, List<String>> blocked = new LinkedHashMap<>();
    pods.stream()
        .filter(p -> p.state == State.BLOCKED)
        .forEach(
            p -> blocked.computeIfAbsent(p.blockedBy, k -> new ArrayList<>()).add(p.ref.name()));
    return summary(
        blocked, count(pods, State.GONE), count(pods, State.EVICTED), count(pods, State.PENDING));
  }

  private static int count(List<Progress> pods, State s) {
    return (int) pods.stream().filter(p -> p.state == s).count();
  }

  private static List<PodRef> refs(List<Progress> pods, State s) {
    return pods.stream().filter(p -> p.state == s).map(p -> p.ref).toList();
  }

  private static List<PodRef> remaining(List<Progress> pods) {
    return pods.stream()
        .filter(p -> p.state == State.PENDING || p.state == State.BLOCKED)
        .map(p -> p.ref)
        .toList();
  }

  private String evictionBody(PodRef pod) {
    ObjectNode body = JSON.createObjectNode();
    body.put("apiVersion", "policy/v1").put("kind", "Eviction");
    body.putObject("metadata").put("name", pod.name()).put("namespace", pod.namespace());
    if (request.options().gracePeriodSeconds() >= 0) {
      body.putObject("deleteOptions")
          .put("gracePeriodSeconds", request.options().gracePeriodSeconds());
    }
    return body.toString();
  }

  private String deleteOptions() {
    ObjectNode body = JSON.createObjectNode().put("apiVersion", "v1").put("kind", "DeleteOptions");
    if (request.options().gracePeriodSeconds() >= 0) {
      body.put("gracePeriodSeconds", request.options().gracePeriodSeconds());
    }
    return body.toString();
  }

  static String podPath(PodRef pod) {
    return "/api/v1/namespaces/" + pod.namespace() + "/pods/" + pod.name();
  }

  static String statusMessage(String body) {
    String message = read(body).path("message").asText("");
    return message.isEmpty() ? Failures.lastLines(body, 1) : message;
  }

  private static JsonNode read(String body) {
    try {
      return body == null || body.isBlank() ? JSON.createObjectNode() : JSON.readTree(body);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      return JSON.createObjectNode();
    }
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw Failures.retryable(Failures.KUBE_API, "interrupted during an eviction round");
    }
  }
}
