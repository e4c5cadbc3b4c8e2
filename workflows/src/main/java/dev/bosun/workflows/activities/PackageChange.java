package dev.bosun.workflows.activities;

import java.util.List;

/**
 * @param previous the versions installed before (what a rollback reinstalls)
 * @param installed the versions now installed
 * @param alreadyDone every package was already at its version; apt-get did not run
 */
public record PackageChange(
    List<PackagePin> previous, List<PackagePin> installed, boolean alreadyDone) {}
