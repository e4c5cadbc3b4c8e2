package dev.bosun.workflows.activities;

/**
 * The types of the ApplicationFailures hypervisor activities throw; each message names the VM and quotes the
 * tool's own message.
 */
public final class HypervisorErrors {

  private HypervisorErrors() {}

  /** The hypervisor host cannot be reached (SSH refused, authentication, timeout). Retryable. */
  public static final String UNREACHABLE = "HypervisorUnreachable";
  /** The tool ran and refused (vagrant error-exit, a PowerShell exception, utmctl's error). */
  public static final String TOOL_FAILED = "HypervisorToolFailed";
  /** UTM's scripting bridge refused (OSStatus): needs a logged-in GUI session and the Automation grant. */
  public static final String UTM_AUTOMATION = "UtmAutomationDenied";
  /** A VM with the name exists but is not this cluster's: Bosun never touches it. */
  public static final String NOT_OURS = "VmNotOwned";
  /** The VM never reported an address within the timeout. */
  public static final String NO_ADDRESS = "VmNoAddress";
  /** The provider cannot snapshot (or not in this state). */
  public static final String NO_SNAPSHOTS = "SnapshotsUnsupported";
  /** The inventory asks for something this hypervisor host cannot give (Default Switch on client Hyper-V...). */
  public static final String UNSUITABLE = "HypervisorUnsuitable";
}
