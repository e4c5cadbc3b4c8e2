package dev.bosun.workflows.upgrade;

import dev.bosun.workflows.drain.DrainValidation;
import dev.bosun.workflows.model.UpgradeSpec;
import dev.bosun.workflows.rules.MaintenanceWindows;
import io.temporal.failure.ApplicationFailure;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks an upgrade request itself, before any activity: a bad value fails the workflow at once, naming
 * the field, instead of failing workflow tasks forever. Pure, like {@link DrainValidation}, whose drain
 * rules it reuses.
 */
final class UpgradeValidation {

  private UpgradeValidation() {}

  /** Throws {@code InvalidRequest} naming every bad field of {@code request}. */
  static void validate(UpgradeRequest request) {
    List<String> problems = new ArrayList<>();
    if (request.inventory() == null) {
      problems.add("inventory is required");
    } else if (request.inventory().controlPlanes().isEmpty()) {
      problems.add("inventory.nodes must list at least one control-plane node");
    }
    if (request.target() == null) {
      problems.add("target version is required (vMAJOR.MINOR.PATCH, e.g. v1.31.2)");
    }
    UpgradeSpec o = request.options();
    if (o != null) {
      if (request.inventory() != null) {
        try {
          BatchPlanner.batchSize(
              o.maxUnavailable(), request.inventory().workers().size());
        } catch (IllegalArgumentException e) {
          problems.add(e.getMessage());
        }
      }
      if (o.maxFailedNodes() < 0) {
        problems.add("upgrade.maxFailedNodes must be 0 (off) or more, got " + o.maxFailedNodes());
      }
      DrainValidation.options("upgrade.drain", o.drain(), problems);
      if (o.onNodeFailure() == null) {
        problems.add("upgrade.onNodeFailure is required (wait-for-operator, abort or skip)");
      }
      if (o.approval() == null) {
        problems.add("upgrade.approval is required (none, before-workers or before-each-batch)");
      }
      if (o.pauseBetweenBatches() == null) {
        problems.add("upgrade.pauseBetweenBatches is required (0 = none)");
      }
      DrainValidation.nonNegative(
          "upgrade.pauseBetweenBatches", o.pauseBetweenBatches(), "0 = none", problems);
      try {
        MaintenanceWindows.of(o.windowsOrNone());
      } catch (IllegalArgumentException e) {
        problems.add(e.getMessage());
      }
      DrainValidation.nonNegative(
          "upgrade.operatorTimeout", o.operatorTimeout(), "0 = the default 24h", problems);
    }
    if (!problems.isEmpty()) {
      throw ApplicationFailure.newNonRetryableFailure(
          "invalid upgrade request: " + String.join("; ", problems),
          DrainValidation.INVALID_REQUEST);
    }
  }
}
