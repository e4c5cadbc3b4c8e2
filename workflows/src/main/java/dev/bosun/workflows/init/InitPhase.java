package dev.bosun.workflows.init;

/**
 * The phases of a cluster init. {@link #text} is what {@link InitProgress#phase()} and the UI's details say;
 * {@link #attribute} is the value of the BosunPhase search attribute, spelled like the upgrade's
 * (AwaitingOperator, Compensating, Completed, Aborted, Failed are shared with it).
 */
public enum InitPhase {
  VALIDATING("validating", "Validating"),
  INSPECTING("inspecting hypervisors", "InspectingHypervisors"),
  PROVISIONING("provisioning", "Provisioning"),
  BOOTSTRAPPING("bootstrapping", "Bootstrapping"),
  INITIALISING("initialising", "Initialising"),
  CNI("applying CNI", "ApplyingCni"),
  JOINING_CONTROL_PLANES("joining control planes", "JoiningControlPlanes"),
  ETCD_CLIENT("installing etcdctl and etcdutl", "InstallingEtcdClient"),
  JOINING_WORKERS("joining workers", "JoiningWorkers"),
  WAITING_READY("waiting for Ready", "WaitingForReady"),
  LABELLING("labelling", "Labelling"),
  AWAITING_OPERATOR("waiting for operator", "AwaitingOperator"),
  COMPENSATING("compensating", "Compensating"),
  DONE("done", "Completed"),
  FAILED("failed", "Failed"),
  ABORTED("aborted", "Aborted");

  private final String text;
  private final String attribute;

  InitPhase(String text, String attribute) {
    this.text = text;
    this.attribute = attribute;
  }

  public String text() {
    return text;
  }

  public String attribute() {
    return attribute;
  }

  public boolean ended() {
    return this == DONE || this == FAILED || this == ABORTED;
  }

  @Override
  public String toString() {
    return text;
  }
}
