package dev.bosun.workflows.testing;

import dev.bosun.workflows.activities.BootstrapActivities;
import dev.bosun.workflows.activities.HostFacts;
import dev.bosun.workflows.activities.HypervisorActivities;
import dev.bosun.workflows.activities.HypervisorErrors;
import dev.bosun.workflows.activities.HypervisorFacts;
import dev.bosun.workflows.activities.HypervisorTarget;
import dev.bosun.workflows.activities.KubeadmInitRequest;
import dev.bosun.workflows.activities.StepOutcome;
import dev.bosun.workflows.activities.VmInfo;
import dev.bosun.workflows.activities.VmRequest;
import dev.bosun.workflows.model.HostTarget;
import dev.bosun.workflows.model.KubeVersion;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A lab in memory behind the hypervisor and bootstrap activities (and {@link FakeLabKube} for Ready): VMs per
 * hypervisor with this cluster's marker, hosts that get a runtime, packages, kubeadm init and joins. Check-then-act
 * like the real activities (an existing VM is adopted, a joined node is skipped). Records every call in order
 * ("createVm:w-1", "joined:cp-2" when a join ends), injects failures, measures how many calls overlap.
 */
public class FakeLab implements HypervisorActivities, BootstrapActivities {

  public static final String INJECTED = "InjectedFailure";

  public final List<String> calls = Collections.synchronizedList(new ArrayList<>());
  /** hypervisor → node → VM of this cluster. */
  public final Map<String, Map<String, VmInfo>> vms = new HashMap<>();
  /** VMs of another cluster or none: never listed, never to be touched. */
  public final Map<String, String> foreign = new HashMap<>();

  public final Set<String> unsuitable = new LinkedHashSet<>();
  /** Nodes whose first createVm makes the VM and then fails (a lost answer): the retry finds it and adopts it. */
  public final Set<String> loseCreateAnswer = Collections.synchronizedSet(new LinkedHashSet<>());
  /** node → what {@code uname -m} says (default x86_64). */
  public final Map<String, String> machine = new HashMap<>();

  public final Set<String> joined = Collections.synchronizedSet(new LinkedHashSet<>());
  public final Map<String, String> sshAddresses = new HashMap<>();
  public final Map<String, String> packageArch = new HashMap<>();
  public final Map<String, Map<String, String>> labels = new HashMap<>();
  public volatile KubeadmInitRequest initRequest;
  public volatile String cniManifest;
  public volatile String etcdReleases;
  public volatile String packageRepository;
  private final Map<String, Integer> failures = new HashMap<>();
  private final Map<String, String> failureTypes = new HashMap<>();
  private final Map<String, AtomicInteger> running = new HashMap<>();
  private final Map<String, Integer> maxRunning = new HashMap<>();
  private int nextAddress = 100;
  private final long stepMillis;

  public FakeLab(long stepMillis) {
    this.stepMillis = stepMillis;
  }

  /** {@code call} ("createVm:w-1", "inspectHypervisor:hv-b") fails {@code times} times, non-retryably. */
  public FakeLab failAt(String call, int times) {
    return failAt(call, times, INJECTED);
  }

  /** Same, with the failure's type (e.g. one of HypervisorErrors). */
  public synchronized FakeLab failAt(String call, int times, String type) {
    failures.put(call, times);
    failureTypes.put(call, type);
    return this;
  }

  /** A VM of this cluster that is there before the init (to be adopted, never destroyed by it). */
  public FakeLab existingVm(String hypervisor, String node) {
    vms.computeIfAbsent(hypervisor, h -> new LinkedHashMap<>())
        .put(
            node,
            new VmInfo(
                node, "lab1-" + node, hypervisor, "running", "10.9.0." + (nextAddress++), false));
    return this;
  }

  public synchronized int maxConcurrent(String op) {
    return maxRunning.getOrDefault(op, 0);
  }

  public List<String> callsOf(String op) {
    synchronized (calls) {
      return calls.stream().filter(c -> c.startsWith(op + ":")).toList();
    }
  }

  public int indexOf(String call) {
    return calls.indexOf(call);
  }

  public int count(String call) {
    synchronized (calls) {
      return (int) calls.stream().filter(call::equals).count();
    }
  }

  /** Every VM of this cluster now, as "hypervisor/node". */
  public synchronized Set<String> vmNames() {
    Set<String> out = new LinkedHashSet<>();
    vms.forEach((hv, byNode) -> byNode.keySet().forEach(n -> out.add(hv + "/" + n)));
    return out;
  }

  // ---- the hypervisors ----

  @Override
  public HypervisorFacts inspectHypervisor(HypervisorTarget hv) {
    call("inspectHypervisor", hv.name());
    if (unsuitable.contains(hv.name())) {
      throw ApplicationFailure.newNonRetryableFailure(
          "client Hyper-V on " + hv.name()
              + ": the Default Switch gives VMs changing NAT addresses",
          HypervisorErrors.UNSUITABLE);
    }
    return new HypervisorFacts(
        hv.name(), hv.spec().kind(), "2.4.1", false, null, false, true, null);
  }

  @Override
  public VmInfo createVm(HypervisorTarget hv, VmRequest vm) {
    timed("createVm", vm.node());
    synchronized (this) {
      if (foreign.containsKey(vm.node())) {
        throw ApplicationFailure.newNonRetryableFailure(
            "VM lab1-" + vm.node() + " is not this cluster's", HypervisorErrors.NOT_OURS);
      }
      Map<String, VmInfo> on = vms.computeIfAbsent(hv.name(), h -> new LinkedHashMap<>());
      VmInfo existing = on.get(vm.node());
      if (existing != null) {
        return new VmInfo(vm.node(), existing.vmName(), hv.name(), "running", null, true);
      }
      on.put(
          vm.node(), new VmInfo(vm.node(), "lab1-" + vm.node(), hv.name(), "running", null, false));
      if (loseCreateAnswer.remove(vm.node())) {
        throw ApplicationFailure.newNonRetryableFailure(
            "created lab1-" + vm.node() + ", then lost the answer", INJECTED);
      }
      return new VmInfo(vm.node(), "lab1-" + vm.node(), hv.name(), "running", null, false);
    }
  }

  @Override
  public VmInfo waitForAddress(HypervisorTarget hv, String node, Duration timeout) {
    call("waitForAddress", node);
    synchronized (this) {
      VmInfo vm = vms.get(hv.name()).get(node);
      VmInfo addressed = new VmInfo(
          node,
          vm.vmName(),
          hv.name(),
          "running",
          vm.address() != null ? vm.address() : "10.1.0." + (nextAddress++),
          vm.adopted());
      vms.get(hv.name()).put(node, addressed);
      return addressed;
    }
  }

  @Override
  public synchronized StepOutcome destroyVm(HypervisorTarget hv, String node) {
    call("destroyVm", node);
    Map<String, VmInfo> on = vms.getOrDefault(hv.name(), Map.of());
    return on.containsKey(node) && vms.get(hv.name()).remove(node) != null
        ? StepOutcome.done("destroyed lab1-" + node)
        : StepOutcome.skipped("lab1-" + node + " is gone already");
  }

  @Override
  public synchronized List<VmInfo> listVms(HypervisorTarget hv) {
    call("listVms", hv.name());
    return List.copyOf(vms.getOrDefault(hv.name(), Map.of()).values());
  }

  @Override
  public StepOutcome startVm(HypervisorTarget hv, String node) {
    throw new UnsupportedOperationException();
  }

  @Override
  public StepOutcome stopVm(HypervisorTarget hv, String node) {
    throw new UnsupportedOperationException();
  }

  @Override
  public StepOutcome saveSnapshot(HypervisorTarget hv, String node, String snapshot) {
    throw new UnsupportedOperationException();
  }

  @Override
  public StepOutcome restoreSnapshot(HypervisorTarget hv, String node, String snapshot) {
    throw new UnsupportedOperationException();
  }

  @Override
  public StepOutcome deleteSnapshot(HypervisorTarget hv, String node, String snapshot) {
    throw new UnsupportedOperationException();
  }

  // ---- the hosts ----

  @Override
  public HostFacts waitForSsh(HostTarget host, Duration timeout) {
    call("waitForSsh", host.node());
    synchronized (this) {
      sshAddresses.put(host.node(), host.address());
    }
    return new HostFacts(
        host.node(),
        host.node(),
        machine.getOrDefault(host.node(), "x86_64"),
        "apt",
        null,
        Map.of(),
        List.of(),
        null,
        false);
  }

  @Override
  public StepOutcome installContainerRuntime(HostTarget host) {
    call("installContainerRuntime", host.node());
    return StepOutcome.done("containerd running");
  }

  @Override
  public StepOutcome installKubernetesPackages(
      HostTarget host, String repositoryBaseUrl, KubeVersion version, String arch) {
    call("installKubernetesPackages", host.node());
    synchronized (this) {
      packageArch.put(host.node(), arch);
      packageRepository = repositoryBaseUrl;
    }
    return StepOutcome.done("kubeadm kubelet kubectl " + version);
  }

  @Override
  public StepOutcome kubeadmInit(HostTarget firstControlPlane, KubeadmInitRequest request) {
    timed("kubeadmInit", firstControlPlane.node());
    initRequest = request;
    boolean already = !joined.add(firstControlPlane.node());
    return already
        ? StepOutcome.skipped("initialised already")
        : StepOutcome.done("Your Kubernetes control-plane has initialized successfully!");
  }

  @Override
  public StepOutcome applyCni(HostTarget firstControlPlane, String manifest) {
    call("applyCni", firstControlPlane.node());
    cniManifest = manifest;
    return StepOutcome.done("daemonset.apps/kube-flannel-ds created");
  }

  @Override
  public StepOutcome installEtcdClient(HostTarget controlPlane, String etcdReleases) {
    call("installEtcdClient", controlPlane.node());
    this.etcdReleases = etcdReleases;
    return StepOutcome.done("etcdctl and etcdutl 3.5.15 (amd64) installed in /usr/local/bin/");
  }

  @Override
  public StepOutcome kubeadmJoin(
      HostTarget firstControlPlane, HostTarget node, boolean controlPlane) {
    timed(
        controlPlane ? "kubeadmJoinControlPlane" : "kubeadmJoinWorker", node.node(), "kubeadmJoin");
    boolean already = !joined.add(node.node());
    call("joined", node.node());
    return already
        ? StepOutcome.skipped(node.node() + " has joined already")
        : StepOutcome.done("This node has joined the cluster");
  }

  @Override
  public StepOutcome labelNode(
      HostTarget firstControlPlane, String node, Map<String, String> set, List<String> taints) {
    call("labelNode", node);
    synchronized (this) {
      labels.computeIfAbsent(node, n -> new LinkedHashMap<>()).putAll(set);
    }
    return StepOutcome.done("labelled");
  }

  @Override
  public StepOutcome kubeadmReset(HostTarget firstControlPlane, HostTarget node) {
    call("kubeadmReset", node.node());
    return joined.remove(node.node())
        ? StepOutcome.done("reset")
        : StepOutcome.skipped("not joined");
  }

  // ---- recording, failures, overlap ----

  /** Records {@code op:subject} and throws an injected failure if one is due. */
  void call(String op, String subject) {
    calls.add(op + ":" + subject);
    synchronized (this) {
      Integer left = failures.get(op + ":" + subject);
      if (left != null && left > 0) {
        failures.put(op + ":" + subject, left - 1);
        throw ApplicationFailure.newNonRetryableFailure(
            "injected failure of " + op + " on " + subject,
            failureTypes.getOrDefault(op + ":" + subject, INJECTED));
      }
    }
  }

  private void timed(String meter, String subject) {
    timed(meter, subject, meter);
  }

  /** A call that takes {@code stepMillis} and counts how many of {@code meter} overlap. */
  private void timed(String meter, String subject, String op) {
    call(op, subject);
    int now;
    synchronized (this) {
      now = running.computeIfAbsent(meter, m -> new AtomicInteger()).incrementAndGet();
      maxRunning.merge(meter, now, Math::max);
    }
    try {
      Thread.sleep(stepMillis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      synchronized (this) {
        running.get(meter).decrementAndGet();
      }
    }
  }
}
