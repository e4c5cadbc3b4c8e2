package dev.bosun.activities.bootstrap;

import static dev.bosun.activities.bootstrap.BootstrapCommands.*;

import dev.bosun.activities.Failures;
import dev.bosun.activities.Heartbeat;
import dev.bosun.activities.node.NodeActivitiesImpl;
import dev.bosun.activities.node.NodeCommands;
import dev.bosun.activities.ssh.CommandResult;
import dev.bosun.activities.ssh.SshPool;
import dev.bosun.workflows.activities.BootstrapActivities;
import dev.bosun.workflows.activities.HostFacts;
import dev.bosun.workflows.activities.KubeadmInitRequest;
import dev.bosun.workflows.activities.StepOutcome;
import dev.bosun.workflows.model.HostTarget;
import dev.bosun.workflows.model.KubeVersion;
import dev.bosun.workflows.model.KubernetesSpec;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link BootstrapActivities} over SSH, commands from {@link BootstrapCommands}. Check-then-act: each method (and
 * each part of one) skips what the host already has. Output that can hold a join token or certificate key (init,
 * token create, upload-certs, join) is read as sensitive and scrubbed before it reaches any message.
 */
public final class BootstrapActivitiesImpl implements BootstrapActivities {

  private static final Logger log = LoggerFactory.getLogger(BootstrapActivitiesImpl.class);
  private static final Set<String> NOT_UP_YET =
      Set.of(Failures.SSH_UNREACHABLE, Failures.SSH_CONNECTION_LOST, Failures.COMMAND_TIMEOUT);

  private final SshPool ssh;
  private final NodeActivitiesImpl node;
  private final HostSetupSteps steps;
  private final EtcdClientInstaller etcdClient;
  private final Duration pollEvery;

  public BootstrapActivitiesImpl(SshPool ssh) {
    this(ssh, Duration.ofSeconds(2));
  }

  /** @param pollEvery how often {@link #waitForSsh} tries to connect */
  public BootstrapActivitiesImpl(SshPool ssh, Duration pollEvery) {
    this.ssh = ssh;
    this.node = new NodeActivitiesImpl(ssh);
    this.steps = new HostSetupSteps(ssh, node);
    this.etcdClient = new EtcdClientInstaller(ssh, steps);
    this.pollEvery = pollEvery;
  }

  @Override
  public HostFacts waitForSsh(HostTarget host, Duration timeout) {
    Heartbeat heartbeat = Heartbeat.current();
    long deadline =
        System.nanoTime() + (timeout == null ? Duration.ofMinutes(10) : timeout).toNanos();
    for (int attempt = 1; ; attempt++) {
      try {
        HostFacts f = node.readHostFacts(host);
        CommandResult dpkg = ssh.run(host, ARCHITECTURE);
        String arch =
            BootstrapOutput.architecture(dpkg.succeeded() ? dpkg.stdout() : f.architecture());
        return new HostFacts(
            f.node(),
            f.hostname(),
            arch,
            f.packageManager(),
            f.kubeadmVersion(),
            f.packages(),
            f.held(),
            f.repositoryMinor(),
            f.kubeletActive());
      } catch (ApplicationFailure e) {
        if (!NOT_UP_YET.contains(e.getType())) {
          throw e; // host key, authentication: waiting longer cannot help
        }
        if (System.nanoTime() >= deadline) {
          throw Failures.nonRetryable(
              Failures.SSH_UNREACHABLE,
              host.node() + " (" + host.address() + ") did not answer on SSH within "
                  + timeout.toSeconds() + "s (" + attempt + " attempts): "
                  + e.getOriginalMessage());
        }
        heartbeat.beat(
            "waiting for SSH on " + host.node() + " (" + host.address() + "), attempt " + attempt);
        sleep(pollEvery);
      }
    }
  }

  @Override
  public StepOutcome installContainerRuntime(HostTarget host) {
    requireApt(host);
    return outcome(
        steps.containerRuntime(host), "containerd, modules, sysctls and swap already set up");
  }

  @Override
  public StepOutcome installKubernetesPackages(
      HostTarget host, String repositoryBaseUrl, KubeVersion version, String arch) {
    String base = KubernetesSpec.packageRepositoryOrDefault(repositoryBaseUrl);
    Failures.validInput(() -> NodeCommands.repositoryLine(base, version, arch));
    requireApt(host);
    return outcome(
        steps.kubernetesPackages(host, base, version, arch),
        "kubeadm, kubelet, kubectl " + version + " already installed and held");
  }

  @Override
  public StepOutcome kubeadmInit(HostTarget cp, KubeadmInitRequest request) {
    String config = Failures.validInput(() -> KubeadmConfigs.init(cp.node(), request));
    if (ssh.run(cp, ADMIN_CONF_PRESENT).succeeded()) {
      CommandResult ready = ssh.run(cp, API_READY);
      if (ready.succeeded() && ready.stdout().trim().equals("ok")) {
        return StepOutcome.skipped(
            cp.node() + " is initialised: admin.conf exists and the API answers /readyz");
      }
      throw Failures.retryable(
          Failures.COMMAND_FAILED,
          cp.node() + ": admin.conf exists but the API does not answer /readyz yet: "
              + BootstrapOutput.scrub(Failures.lastLines(ready.stderr(), 2)));
    }
    steps.writeFile(cp, INIT_CONFIG, config, true);
    CommandResult r = ssh.runWithInput(cp, INIT, null, HostSetupSteps.kubeadmTimeout());
    requireKubeadm(cp, "kubeadm init", r);
    if (!r.stdout().contains("initialized successfully")) {
      throw Failures.nonRetryable(
          Failures.COMMAND_FAILED,
          cp.node() + ": kubeadm init exited 0 without \"initialized successfully\": "
              + BootstrapOutput.scrub(Failures.lastLines(r.stdout(), 3)));
    }
    log.info("{}: kubeadm init {} done", cp.node(), request.version());
    return StepOutcome.done("control plane " + request.version() + " initialised on " + cp.node()
        + ", certificates uploaded");
  }

  @Override
  public StepOutcome applyCni(HostTarget cp, String manifest) {
    String check = Failures.validInput(() -> cniApplied(manifest));
    CommandResult present = ssh.run(cp, check);
    if (present.succeeded()) {
      return StepOutcome.skipped(
          "CNI already applied: its " + present.stdout().lines().count() + " objects exist");
    }
    CommandResult r = steps.require(cp, BootstrapCommands.applyCni(manifest), true);
    return StepOutcome.done("CNI applied: " + r.stdout().lines().count() + " objects ("
        + Failures.lastLines(r.stdout(), 1) + ")");
  }

  @Override
  public StepOutcome installEtcdClient(HostTarget controlPlane, String etcdReleases) {
    return etcdClient.install(controlPlane, etcdReleases);
  }

  @Override
  public StepOutcome kubeadmJoin(HostTarget cp, HostTarget host, boolean controlPlane) {
    BootstrapCommands.nodeName(host.node());
    if (ssh.run(host, KUBELET_CONF_PRESENT).succeeded()) {
      return StepOutcome.skipped(
          host.node() + " has joined already (/etc/kubernetes/kubelet.conf exists)");
    }
    String installed =
        steps.require(host, NodeCommands.KUBEADM_VERSION, true).stdout().trim();
    if (!KubeVersion.isValid(installed)) {
      throw Failures.nonRetryable(
          Failures.UNPARSEABLE_OUTPUT,
          host.node() + ": `" + NodeCommands.KUBEADM_VERSION + "` printed no version");
    }
    // The secrets: made on the first control plane, read as sensitive output, put only into the
    // file's content.
    JoinTarget target = Failures.parsedOutput(
        cp.node(), () -> BootstrapOutput.joinCommand(secretOutput(cp, TOKEN_CREATE)));
    String key = controlPlane
        ? Failures.parsedOutput(
            cp.node(), () -> BootstrapOutput.certificateKey(secretOutput(cp, UPLOAD_CERTS)))
        : null;
    String config =
        KubeadmConfigs.join(KubeVersion.parse(installed), host.node(), target, key, host.address());
    try {
      steps.writeFile(host, JOIN_CONFIG, config, true);
      CommandResult r = ssh.runWithInput(host, JOIN, null, HostSetupSteps.kubeadmTimeout());
      requireKubeadm(host, "kubeadm join", r);
    } finally {
      removeJoinConfig(host);
    }
    log.info("{}: joined as {}", host.node(), controlPlane ? "control plane" : "worker");
    return StepOutcome.done(
        host.node() + " joined as " + (controlPlane ? "a control plane" : "a worker"));
  }

  @Override
  public StepOutcome labelNode(
      HostTarget cp, String nodeName, Map<String, String> labels, List<String> taints) {
    Failures.validInput(() -> labels.isEmpty() ? "" : label(nodeName, labels));
    Failures.validInput(() -> taints.isEmpty() ? "" : taint(nodeName, taints));
    BootstrapOutput.NodeMarks marks = Failures.parsedOutput(
        cp.node(),
        () ->
            BootstrapOutput.nodeMarks(steps.require(cp, getNode(nodeName), true).stdout()));
    Map<String, String> missingLabels = new java.util.LinkedHashMap<>();
    labels.forEach((k, v) -> {
      if (!v.equals(marks.labels().get(k))) {
        missingLabels.put(k, v);
      }
    });
    List<String> missingTaints =
        taints.stream().filter(t -> !marks.taints().contains(parseTaint(t))).toList();
    List<String> done = new ArrayList<>();
    if (!missingLabels.isEmpty()) {
      steps.require(cp, label(nodeName, missingLabels), true);
      done.add("labels " + missingLabels.keySet());
    }
    if (!missingTaints.isEmpty()) {
      steps.require(cp, taint(nodeName, missingTaints), true);
      done.add("taints " + missingTaints);
    }
    return outcome(done, nodeName + " already has its labels and taints");
  }

  @Override
  public StepOutcome kubeadmReset(HostTarget cp, HostTarget host) {
    List<String> done = new ArrayList<>();
    if (ssh.run(host, KUBELET_CONF_PRESENT).succeeded()
        || ssh.run(host, ADMIN_CONF_PRESENT).succeeded()) {
      steps.require(host, RESET, true);
      done.add("kubeadm reset on " + host.node());
    }
    boolean same = cp.node().equals(host.node())
        || cp.address().equals(host.address()) && cp.port() == host.port();
    if (!same && apiAnswers(cp)) {
      CommandResult r = steps.require(cp, deleteNode(host.node()), true);
      if (!r.stdout().isBlank()) {
        done.add("Node " + host.node() + " deleted");
      }
    }
    return outcome(done, host.node() + " is not joined and has no Node object");
  }

  /** Whether the first control plane's API answers; an unreachable or reset control plane means the cluster is gone. */
  private boolean apiAnswers(HostTarget cp) {
    try {
      CommandResult r = ssh.run(cp, API_READY);
      return r.succeeded() && r.stdout().trim().equals("ok");
    } catch (ApplicationFailure e) {
      if (NOT_UP_YET.contains(e.getType())) {
        return false;
      }
      throw e;
    }
  }

  private String secretOutput(HostTarget cp, String command) {
    CommandResult r = ssh.runWithInput(cp, command, null, ssh.commandTimeout(cp));
    if (!r.succeeded()) {
      throw Failures.retryable(
          Failures.COMMAND_FAILED,
          cp.node() + ": `" + command + "` exited " + r.exitCode() + ": "
              + BootstrapOutput.scrub(Failures.lastLines(r.stderr(), 3)));
    }
    return r.stdout();
  }

  /** kubeadm's exit code: 2 is preflight (the host must be fixed), anything else non-zero a failed phase. */
  private static void requireKubeadm(HostTarget host, String what, CommandResult r) {
    if (r.succeeded()) {
      return;
    }
    List<String> errors = BootstrapOutput.kubeadmErrors(r.stderr());
    String quoted = errors.isEmpty()
        ? BootstrapOutput.scrub(Failures.lastLines(r.stderr(), 4))
        : String.join("\n", errors);
    if (r.exitCode() == 2) {
      throw Failures.nonRetryable(
          Failures.KUBEADM_PREFLIGHT,
          host.node() + ": " + what + " failed its preflight checks:\n" + quoted);
    }
    throw Failures.nonRetryable(
        Failures.COMMAND_FAILED,
        host.node() + ": " + what + " exited " + r.exitCode() + ":\n" + quoted);
  }

  private void removeJoinConfig(HostTarget host) {
    try {
      ssh.run(host, REMOVE_JOIN_CONFIG);
    } catch (RuntimeException e) {
      log.warn("{}: could not remove {}: {}", host.node(), JOIN_CONFIG, e.getMessage());
    }
  }

  private void requireApt(HostTarget host) {
    String pm = dev.bosun.activities.node.NodeOutput.packageManager(
        steps.require(host, NodeCommands.OS_RELEASE, true).stdout());
    if (!pm.equals("apt")) {
      throw Failures.nonRetryable(
          Failures.UNSUPPORTED_PACKAGE_MANAGER,
          host.node() + ": package manager " + pm
              + " is not supported yet (only apt, on Debian and Ubuntu)");
    }
  }

  private static StepOutcome outcome(List<String> done, String skipped) {
    return done.isEmpty()
        ? StepOutcome.skipped(skipped)
        : StepOutcome.done(String.join("; ", done));
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw Failures.retryable(Failures.SSH_UNREACHABLE, "interrupted while waiting for SSH");
    }
  }
}
