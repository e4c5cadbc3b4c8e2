package dev.bosun.activities.hypervisor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bosun.sim.HypervisorHosts;
import dev.bosun.workflows.activities.HypervisorActivities;
import dev.bosun.workflows.activities.HypervisorErrors;
import dev.bosun.workflows.activities.HypervisorTarget;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestActivityEnvironment;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** waitForAddress as Temporal runs it: it heartbeats what it waits for, and ends in a non-retryable NO_ADDRESS. */
class WaitForAddressInActivityTest {

  @TempDir
  Path dir;

  @Test
  void heartbeatsWhileAVmHasNoAddressThenFailsNoAddress() throws Exception {
    List<String> details = new CopyOnWriteArrayList<>();
    TestActivityEnvironment env = TestActivityEnvironment.newInstance();
    try (HypervisorLab lab = new HypervisorLab(dir)) {
      HypervisorTarget t = lab.hyperv("LabExternal");
      lab.hv.createVm(t, HypervisorLab.vm("w-2", HypervisorHosts.HYPERV_TEMPLATE));
      lab.lab.faults().noVmAddress(HypervisorHosts.HYPERV);
      env.registerActivitiesImplementations(lab.hv);
      env.setActivityHeartbeatListener(String.class, details::add);
      HypervisorActivities stub = env.newActivityStub(
          HypervisorActivities.class,
          ActivityOptions.newBuilder()
              .setStartToCloseTimeout(Duration.ofSeconds(30))
              .setHeartbeatTimeout(Duration.ofSeconds(2))
              .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(3).build())
              .build());
      ActivityFailure f = assertThrows(
          ActivityFailure.class, () -> stub.waitForAddress(t, "w-2", Duration.ofSeconds(3)));
      ApplicationFailure cause = assertInstanceOf(ApplicationFailure.class, f.getCause());
      assertEquals(HypervisorErrors.NO_ADDRESS, cause.getType());
      assertTrue(
          cause.getOriginalMessage().contains("integration services"), cause.getOriginalMessage());
      lab.lab.faults().clear();
      assertEquals(
          lab.lab.state().host("w-2").address(),
          stub.waitForAddress(t, "w-2", Duration.ofSeconds(5)).address());
    } finally {
      env.close();
    }
    assertTrue(
        details.stream()
            .anyMatch(
                d -> d.equals("lab-w-2 is Running, waiting for it to report an IPv4 address")),
        "heartbeats: " + details);
  }
}
