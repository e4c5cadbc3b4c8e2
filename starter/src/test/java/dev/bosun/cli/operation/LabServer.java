package dev.bosun.cli.operation;

import dev.bosun.cli.temporal.TemporalOptions;
import dev.bosun.cli.temporal.TemporalSession;
import dev.bosun.sim.LabSim;
import dev.bosun.sim.LabSpec;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A lab-sim and a Temporal server with a Bosun worker, as an operator has them: CLI commands reach the
 * server with {@code --address} (the embedded test server, on a free port).
 */
public final class LabServer implements AutoCloseable {

  public final LabSim lab;
  public final TemporalSession session;
  private final InProcessWorker worker;

  private LabServer(LabSim lab, TemporalSession session, InProcessWorker worker) {
    this.lab = lab;
    this.session = session;
    this.worker = worker;
  }

  public static LabServer start(Path dir, String cluster, int controlPlanes, int workers)
      throws Exception {
    LabSim lab = LabSim.start(LabSpec.of(cluster, controlPlanes, workers, "v1.30.6", dir));
    TemporalSession session =
        TemporalSession.open(new TemporalOptions().settings(Map.of()), Map.of(), true);
    return new LabServer(lab, session, InProcessWorker.start(session));
  }

  public String address() {
    return session.settings().address();
  }

  public String inventory() {
    return lab.inventoryFile().toString();
  }

  /** Every node's kubelet version as the lab's API reports it, and whether any node is cordoned. */
  public List<String> versions() {
    return lab.hosts().stream()
        .map(h -> h.name() + "=" + lab.state().nodeKubeletVersion(h.name()))
        .toList();
  }

  public List<String> cordoned() {
    return lab.hosts().stream()
        .map(h -> h.name())
        .filter(n -> lab.state().nodeUnschedulable(n))
        .toList();
  }

  @Override
  public void close() {
    worker.close();
    session.close();
    lab.close();
  }
}
