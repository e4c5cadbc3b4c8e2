package dev.bosun.workflows.init;

import static dev.bosun.workflows.ActivityStubs.bootstrap;

import dev.bosun.workflows.BosunActivityOptions;
import dev.bosun.workflows.WorkflowFailures;
import dev.bosun.workflows.activities.StepOutcome;
import dev.bosun.workflows.model.HostTarget;
import dev.bosun.workflows.model.InitSpec;
import io.temporal.failure.TemporalFailure;
import io.temporal.workflow.Workflow;
import java.util.ArrayList;
import java.util.List;

/**
 * etcdctl and etcdutl on every control plane, so that the cluster init builds can be upgraded and backed up
 * (the etcd snapshot and the quorum guard need them; kubeadm installs neither). Not a gate of the build: a control
 * plane whose client could not be installed (no way to the releases, say) is Ready all the same, so the failure
 * becomes a note naming the node and the reason, and the upgrade's preflight names it again later.
 */
final class EtcdClients {

  /** Runs recorded before this step existed replay without it. */
  static final String CHANGE_ID = "init-etcd-client";

  private final InitView view;
  private final List<String> notes = new ArrayList<>();

  EtcdClients(InitView view) {
    this.view = view;
  }

  /** Whether this run installs them: the inventory did not say {@code etcdClient: none}, and the run is new enough. */
  boolean wanted(InitSpec spec) {
    return spec.installsEtcdClient()
        && Workflow.getVersion(CHANGE_ID, Workflow.DEFAULT_VERSION, 1) == 1;
  }

  void install(HostTarget controlPlane, String etcdReleases) {
    String node = controlPlane.node();
    view.status(node, InitView.JOINED, "installing etcdctl and etcdutl");
    try {
      StepOutcome done = bootstrap(
              BosunActivityOptions.HOST_STEP, "install etcdctl and etcdutl on " + node)
          .installEtcdClient(controlPlane, etcdReleases);
      view.status(node, InitView.JOINED, done.detail());
    } catch (TemporalFailure e) {
      if (WorkflowFailures.cancelled(e)) {
        throw e;
      }
      String why = WorkflowFailures.describe(e);
      view.status(node, InitView.JOINED, "etcdctl/etcdutl not installed: " + why);
      notes.add(
          node + ": etcdctl/etcdutl not installed (" + why + "); bosun upgrade and bosun backup"
              + " need them there: install them, or re-run bosun init to retry");
    }
  }

  List<String> notes() {
    return List.copyOf(notes);
  }
}
