package dev.bosun.workflows.upgrade;

/**
 * One hop of a minor-version chain, as planned before anything changes.
 *
 * @param index 1-based
 * @param from the control planes' version when the hop starts
 * @param to the hop's target: the latest patch of an intermediate minor, or the chain's target
 * @param packageVersion kubeadm's Debian version of {@code to}, read from the minor's Packages index
 * @param repository the minor's package repository ({@code <base>/v1.31/deb/})
 */
public record HopPlan(int index, String from, String to, String packageVersion, String repository) {

  /** "hop 2 of 2: v1.31.9 → v1.32.4". */
  public String title(int total) {
    return "hop " + index + " of " + total + ": " + from + " → " + to;
  }
}
