package dev.bosun.activities;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bosun.activities.kube.KubeClients;
import dev.bosun.workflows.activities.BackupActivities;
import dev.bosun.workflows.activities.BootstrapActivities;
import dev.bosun.workflows.activities.DrillActivities;
import dev.bosun.workflows.activities.HypervisorActivities;
import dev.bosun.workflows.activities.KubernetesActivities;
import dev.bosun.workflows.activities.NodeActivities;
import dev.bosun.workflows.model.ClusterTarget;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestActivityEnvironment;
import org.junit.jupiter.api.Test;

class ActivityImplementationsTest {

  @Test
  void buildsEveryImplementationAndTheyRegisterTogether() {
    TestActivityEnvironment env = TestActivityEnvironment.newInstance();
    try (ActivityImplementations activities =
        ActivityImplementations.create(ActivitySettings.defaults())) {
      assertEquals(6, activities.implementations().size());
      assertTrue(activities.implementations().stream().anyMatch(NodeActivities.class::isInstance));
      assertTrue(
          activities.implementations().stream().anyMatch(KubernetesActivities.class::isInstance));
      assertTrue(
          activities.implementations().stream().anyMatch(HypervisorActivities.class::isInstance));
      assertTrue(
          activities.implementations().stream().anyMatch(BootstrapActivities.class::isInstance));
      assertTrue(
          activities.implementations().stream().anyMatch(BackupActivities.class::isInstance));
      assertTrue(activities.implementations().stream()
          .anyMatch(dev.bosun.workflows.activities.ClusterLockActivities.class::isInstance));
      assertTrue(activities.implementations().stream().anyMatch(DrillActivities.class::isInstance));
      // Activity type names of the interfaces must not collide in one worker.
      env.registerActivitiesImplementations(activities.implementations().toArray());
    } finally {
      env.close();
    }
  }

  @Test
  void aMissingKubeconfigIsANonRetryableFailureNamingThePath() {
    try (ActivityImplementations activities =
        ActivityImplementations.create(ActivitySettings.defaults())) {
      KubeClients clients = activities.kubeClients();
      ApplicationFailure f = assertThrows(
          ApplicationFailure.class,
          () -> clients.client(
              new ClusterTarget("lab1", "10.0.0.10:6443", null, "/nonexistent/admin.conf")));
      assertEquals(Failures.KUBECONFIG, f.getType());
      assertTrue(f.isNonRetryable());
      assertTrue(f.getOriginalMessage().contains("/nonexistent/admin.conf"));
    }
  }
}
