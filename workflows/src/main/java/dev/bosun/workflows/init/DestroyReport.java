package dev.bosun.workflows.init;

import dev.bosun.workflows.activities.VmInfo;
import java.util.List;

/**
 * @param destroyed the VMs destroyed
 * @param remaining what each hypervisor's own list shows of this cluster afterwards (empty when all went)
 */
public record DestroyReport(
    String cluster, List<VmInfo> destroyed, List<VmInfo> remaining, long durationMillis) {}
