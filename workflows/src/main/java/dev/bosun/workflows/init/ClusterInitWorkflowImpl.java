package dev.bosun.workflows.init;

import static dev.bosun.workflows.ActivityStubs.bootstrap;

import dev.bosun.workflows.BosunActivityOptions;
import dev.bosun.workflows.WorkflowFailures;
import dev.bosun.workflows.activities.HostFacts;
import dev.bosun.workflows.activities.KubeadmInitRequest;
import dev.bosun.workflows.model.ClusterTarget;
import dev.bosun.workflows.model.HostTarget;
import dev.bosun.workflows.model.InitSpec;
import dev.bosun.workflows.model.Inventory;
import dev.bosun.workflows.model.KubeVersion;
import dev.bosun.workflows.model.NodeSpec;
import io.temporal.workflow.Workflow;
import java.util.List;
import java.util.function.Consumer;

/**
 * Builds a kubeadm cluster (see {@link ClusterInitWorkflow}), read as the runbook in {@link #init}. Every step
 * registers its undo before it runs ({@link Compensations}); a failed step waits for the operator
 * ({@link NodeSteps}, {@link InitOperator}); nodes run in bounded parallel lanes ({@link NodeLanes}); what the
 * operator sees is {@link InitView}.
 */
public class ClusterInitWorkflowImpl implements ClusterInitWorkflow {

  static final int API_SERVER_PORT = 6443;
  static final String WORKER_ROLE_LABEL = "node-role.kubernetes.io/worker";

  private final InitView view = new InitView();
  private final InitOperator operator = new InitOperator(view);
  private final Compensations compensations = new Compensations();
  private final NodeSteps steps = new NodeSteps(view, operator, compensations);
  private final Hypervisors hypervisors = new Hypervisors();
  private final VmProvisioning vms = new VmProvisioning(view, steps, compensations, hypervisors);
  private final NodeReadiness readiness = new NodeReadiness(view, steps);
  private final EtcdClients etcdClients = new EtcdClients(view);
  private final InitEnding ending =
      new InitEnding(view, operator, compensations, hypervisors, etcdClients);
  private Inventory inventory;
  private InitSpec spec;
  private KubeVersion version;
  private String endpoint;
  private long startedAt;

  @Override
  public InitReport init(InitRequest request) {
    begin(request);
    step(InitPhase.INSPECTING, this::inspectHypervisors);
    step(
        InitPhase.PROVISIONING,
        () -> eachNode(inventory.vmNodes(), spec.parallelism(), this::provisionVm));
    step(
        InitPhase.BOOTSTRAPPING,
        () -> eachNode(inventory.nodes(), spec.parallelism(), this::bootstrapNode));
    step(InitPhase.INITIALISING, this::kubeadmInit);
    step(InitPhase.CNI, this::applyCni);
    step(
        InitPhase.JOINING_CONTROL_PLANES,
        () -> eachNode(otherControlPlanes(), 1, n -> join(n, true)));
    if (etcdClients.wanted(spec)) {
      step(
          InitPhase.ETCD_CLIENT,
          () -> eachNode(inventory.controlPlanes(), spec.parallelism(), this::installEtcdClient));
    }
    step(
        InitPhase.JOINING_WORKERS,
        () -> eachNode(inventory.workers(), spec.parallelism(), n -> join(n, false)));
    step(
        InitPhase.WAITING_READY,
        () -> eachNode(inventory.nodes(), spec.parallelism(), this::awaitReady));
    step(
        InitPhase.LABELLING,
        () -> eachNode(inventory.workers(), spec.parallelism(), this::labelWorker));
    return operator.aborted()
        ? ending.undoEverything(inventory.cluster(), operator.abortReason(), startedAt)
        : ending.finish(inventory.cluster(), version, endpoint, startedAt);
  }

  // ---- the runbook's steps ----

  private void begin(InitRequest request) {
    startedAt = Workflow.currentTimeMillis();
    InitValidation.check(request);
    inventory = request.inventory();
    spec = inventory.init();
    version = inventory.kubernetes().kubeVersion();
    view.begin(inventory);
    operator.begin(inventory);
  }

  private void inspectHypervisors() {
    vms.inspect(inventory);
  }

  /** The VM, then the inventory with the address its hypervisor reports. */
  private void provisionVm(NodeSpec n) {
    String address = vms.provision(inventory, spec, n);
    inventory = inventory.withNode(inventory.node(n.name()).withAddress(address));
    view.address(n.name(), address);
  }

  /** SSH (and the node's architecture), the container runtime, the pinned Kubernetes packages. */
  private void bootstrapNode(NodeSpec n) {
    String node = n.name();
    HostFacts facts = steps.run(
        node,
        "wait-for-ssh",
        InitView.BOOTSTRAPPING,
        () -> bootstrap(
                BosunActivityOptions.waitingFor(spec.sshTimeout(), false),
                "wait for SSH on " + node)
            .waitForSsh(host(node), spec.sshTimeout()));
    String arch = Hypervisors.arch(facts.architecture());
    view.arch(node, arch);
    steps.run(
        node,
        "container-runtime",
        InitView.BOOTSTRAPPING,
        () -> bootstrap(BosunActivityOptions.HOST_STEP, "install containerd on " + node)
            .installContainerRuntime(host(node)));
    steps.run(
        node,
        "kubernetes-packages",
        InitView.BOOTSTRAPPING,
        () -> bootstrap(
                BosunActivityOptions.HOST_STEP,
                "install kubeadm/kubelet/kubectl " + version + " (" + arch + ") on " + node)
            .installKubernetesPackages(
                host(node), inventory.kubernetes().packageRepositoryOrDefault(), version, arch));
  }

  /** kubeadm init on the first control plane; its undo (kubeadm reset) registered first. */
  private void kubeadmInit() {
    NodeSpec first = inventory.firstControlPlane();
    String cpe = inventory.kubernetes().controlPlaneEndpoint();
    endpoint = cpe != null && !cpe.isBlank() ? cpe : first.address() + ":" + API_SERVER_PORT;
    registerReset(first.name());
    KubeadmInitRequest init = new KubeadmInitRequest(
        version,
        endpoint,
        inventory.kubernetes().podSubnet(),
        inventory.kubernetes().serviceSubnet(),
        first.address());
    steps.run(
        first.name(),
        "kubeadm-init",
        InitView.INITIALISING,
        () -> bootstrap(
                BosunActivityOptions.KUBEADM_INIT,
                "kubeadm init " + version + " on " + first.name() + " (" + endpoint + ")")
            .kubeadmInit(host(first.name()), init));
    view.status(first.name(), InitView.JOINED, "kubeadm init done, API at " + endpoint);
  }

  private void applyCni() {
    String first = inventory.firstControlPlane().name();
    steps.run(
        first,
        "apply-cni",
        InitView.INITIALISING,
        () -> bootstrap(
                BosunActivityOptions.HOST_STEP, "apply CNI " + spec.cniManifest() + " on " + first)
            .applyCni(host(first), spec.cniManifest()));
    view.status(first, InitView.JOINED, "CNI applied");
  }

  /** kubeadm join through the first control plane; its undo (kubeadm reset) registered first. */
  private void join(NodeSpec n, boolean controlPlane) {
    String node = n.name();
    registerReset(node);
    steps.run(
        node,
        "kubeadm-join",
        InitView.JOINING,
        () -> bootstrap(
                BosunActivityOptions.HOST_STEP,
                "kubeadm join " + node + (controlPlane ? " as a control plane" : ""))
            .kubeadmJoin(host(inventory.firstControlPlane().name()), host(node), controlPlane));
    view.status(node, InitView.JOINED, null);
  }

  private void installEtcdClient(NodeSpec n) {
    etcdClients.install(host(n.name()), spec.etcdReleases());
  }

  private void awaitReady(NodeSpec n) {
    readiness.awaitReady(clusterTarget(), spec, version, n);
  }

  private void labelWorker(NodeSpec n) {
    readiness.labelWorker(host(inventory.firstControlPlane().name()), n);
  }

  // ---- helpers ----

  /** Runs a phase of the runbook unless the init is aborting; a cancellation undoes everything before it ends the run. */
  private void step(InitPhase phase, Runnable work) {
    if (operator.aborted()) {
      return;
    }
    view.phase(phase, phase.text());
    try {
      work.run();
    } catch (NodeSteps.NodeStopped stopped) {
      // a step outside the lanes stopped: the init is aborting
    } catch (RuntimeException e) {
      if (WorkflowFailures.cancelled(e)) {
        Workflow.newDetachedCancellationScope(
                () -> ending.undoEverything(inventory.cluster(), "cancelled", startedAt))
            .run();
      }
      throw e;
    }
  }

  private void eachNode(List<NodeSpec> nodes, int limit, Consumer<NodeSpec> work) {
    NodeLanes.run(nodes, limit, operator, work);
  }

  private List<NodeSpec> otherControlPlanes() {
    List<NodeSpec> cps = inventory.controlPlanes();
    return cps.subList(1, cps.size());
  }

  private void registerReset(String node) {
    String first = inventory.firstControlPlane().name();
    compensations.register(
        Compensations.kubeadmReset(node),
        node,
        "kubeadm reset on " + node,
        () -> Compensations.said(
            bootstrap(BosunActivityOptions.HOST_STEP, "kubeadm reset on " + node + " (undo)")
                .kubeadmReset(host(first), host(node))));
  }

  private HostTarget host(String node) {
    return HostTarget.of(inventory, node);
  }

  private ClusterTarget clusterTarget() {
    NodeSpec first = inventory.firstControlPlane();
    return new ClusterTarget(
        inventory.cluster(),
        endpoint,
        HostTarget.of(inventory, first),
        inventory.kubernetes().kubeconfig());
  }

  // ---- queries and updates: the operator's side ----

  @Override
  public InitProgress progress() {
    return operator.progress();
  }

  @Override
  public String retry(String node) {
    return operator.retry(node);
  }

  @Override
  public void validateRetry(String node) {
    operator.validateRetry(node);
  }

  @Override
  public String skip(String node) {
    return operator.skip(node);
  }

  @Override
  public void validateSkip(String node) {
    operator.validateSkip(node);
  }

  @Override
  public String abort(String reason) {
    return operator.abort(reason);
  }

  @Override
  public void validateAbort(String reason) {
    operator.validateAbort(reason);
  }
}
