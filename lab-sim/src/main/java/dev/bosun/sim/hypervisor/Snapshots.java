package dev.bosun.sim.hypervisor;

import dev.bosun.sim.shell.Result;

/**
 * {@code vagrant snapshot save|restore|delete|list} on vagrant-libvirt (which supports snapshots of running domains). A
 * snapshot holds the guest's whole state; a restore brings it back (see {@link Hypervisors#restoreSnapshot}).
 */
final class Snapshots {

  private Snapshots() {}

  static Result run(
      Hypervisors hypervisors, String op, String name, String snapshot, Vm vm, Out out) {
    if (vm == null) {
      return out.errorExit(
          "Vagrant::Errors::VMNotCreatedError",
          "The VM must be created before running this command. Run `vagrant up` first.");
    }
    switch (op) {
      case "list" -> {
        if (vm.snapshots.isEmpty()) {
          out.line(name, "ui", "output", "==> " + name + ": No snapshots have been taken yet!");
        }
        vm.snapshots.forEach(s -> out.line(name, "ui", "detail", s));
        return out.ok();
      }
      case "save" -> {
        if (vm.snapshots.contains(snapshot)) {
          return out.errorExit(
              "Vagrant::Errors::SnapshotConflictFailed",
              "This snapshot name, '" + snapshot + "', already exists for"
                  + " this machine. Please use a different name or pass the --force flag.");
        }
        out.ui(name, "==> " + name + ": Snapshotting the machine as '" + snapshot + "'...");
        hypervisors.saveSnapshot(vm, snapshot);
        out.ui(
            name, "==> " + name + ": Snapshot saved! You can restore the snapshot at any time by");
        return out.ok();
      }
      case "restore", "delete" -> {
        if (!vm.snapshots.contains(snapshot)) {
          return out.errorExit(
              "Vagrant::Errors::SnapshotNotFound",
              "The snapshot name `" + snapshot + "` was not found for the" + " virtual machine `"
                  + name + "`.");
        }
        if (op.equals("delete")) {
          out.ui(name, "==> " + name + ": Deleting the snapshot '" + snapshot + "'...");
          hypervisors.deleteSnapshot(vm, snapshot);
        } else {
          out.ui(name, "==> " + name + ": Restoring the snapshot '" + snapshot + "'...");
          hypervisors.restoreSnapshot(
              vm, snapshot, true); // a live libvirt snapshot: the domain runs on from it
        }
        return out.ok();
      }
      default -> {
        return out.errorExit(
            "Vagrant::Errors::CLIInvalidUsage",
            "This command was not invoked properly: snapshot " + op);
      }
    }
  }
}
