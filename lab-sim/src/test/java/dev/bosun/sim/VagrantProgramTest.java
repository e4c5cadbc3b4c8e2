package dev.bosun.sim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bosun.sim.shell.Result;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** vagrant on vagrant-host: Vagrant's machine-readable format, the Vagrantfile from the cd'd directory, VMs becoming hosts. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class VagrantProgramTest {

  static final String VAGRANTFILE = "# bosun:cluster=lab\nVagrant.configure(\"2\") do |config|\n"
      + "  config.vm.define \"lab-w-1\" do |m|\n    m.vm.box = \"bento/ubuntu-22.04\"\n    m.vm.provider :libvirt do |p|\n"
      + "      p.cpus = 2\n      p.memory = 2048\n    end\n  end\nend\n";
  static final String IN = "cd /home/bosun/labs/p && ";

  @TempDir
  static Path dir;

  LabSim lab;

  @BeforeAll
  void start() throws Exception {
    lab = LabSim.start(LabSpec.forInit("lab", 1, 3, "v1.30.6", dir));
    try (SshExec ssh = new SshExec(lab, HypervisorHosts.VAGRANT)) {
      // written the way Bosun writes it: mkdir -p, then tee reading the SSH channel's input
      assertThat(ssh.exec(
                  "mkdir -p /home/bosun/labs/p && tee /home/bosun/labs/p/Vagrantfile > /dev/null",
                  VAGRANTFILE)
              .exit())
          .isZero();
    }
  }

  @AfterAll
  void stop() {
    lab.close();
  }

  @Test
  void upStatusSshConfigDestroyInMachineReadableLines() throws Exception {
    Result up = lab.run(
        HypervisorHosts.VAGRANT, IN + "vagrant up lab-w-1 --provider=libvirt --machine-readable");
    assertThat(up.exitCode()).isZero();
    assertThat(up.stdout().lines().toList())
        .allMatch(l -> l.matches("\\d{10},[^,]*,[a-z-]+,.*"))
        .anyMatch(l -> l.matches("\\d+,lab-w-1,action,up,start"))
        .anyMatch(l -> l.matches("\\d+,lab-w-1,action,up,end"))
        .anyMatch(l ->
            l.matches("\\d+,,ui,info,Bringing machine 'lab-w-1' up with 'libvirt' provider..."));
    String address = lab.state().host("w-1").address();
    assertThat(address).startsWith("127.0.5.");

    String status = lab.run(HypervisorHosts.VAGRANT, IN + "vagrant status --machine-readable")
        .stdout();
    assertThat(status)
        .containsPattern("\\d+,lab-w-1,state,running\n")
        .containsPattern("\\d+,lab-w-1,provider-name,libvirt\n")
        .contains("To stop this machine%!(VAGRANT_COMMA) you can run `vagrant halt`.");
    assertThat(
            lab.run(HypervisorHosts.VAGRANT, IN + "vagrant ssh-config lab-w-1 --machine-readable")
                .stdout())
        .containsPattern("\\d+,lab-w-1,ssh-config,Host lab-w-1\\\\n  HostName "
            + address.replace(".", "\\.") + "\\\\n  User vagrant\\\\n  Port 22\\\\n");

    Result noForce =
        lab.run(HypervisorHosts.VAGRANT, IN + "vagrant destroy lab-w-1 --machine-readable");
    assertThat(noForce.exitCode()).isEqualTo(1);
    assertThat(noForce.stdout())
        .containsPattern("\\d+,,error-exit,Vagrant::Errors::UIExpectsTTY,Vagrant is attempting");
    assertThat(
            lab.run(HypervisorHosts.VAGRANT, IN + "vagrant destroy -f lab-w-1 --machine-readable")
                .exitCode())
        .isZero();
    assertThat(lab.state().hosts()).noneMatch(h -> h.name().equals("w-1"));
    assertThat(lab.run(HypervisorHosts.VAGRANT, IN + "vagrant status --machine-readable")
            .stdout())
        .containsPattern(",lab-w-1,state,not_created\n");
  }

  @Test
  void errorsAreErrorExitRecordsWithExit1() throws Exception {
    Result noProject = lab.run(HypervisorHosts.VAGRANT, "vagrant status --machine-readable");
    assertThat(noProject.exitCode()).isEqualTo(1);
    assertThat(noProject.stdout())
        .containsPattern(
            "^\\d+,,error-exit,Vagrant::Errors::NoEnvironmentError,A Vagrant environment");
    assertThat(lab.run(HypervisorHosts.VAGRANT, IN + "vagrant up lab-x --machine-readable")
            .stdout())
        .contains(
            ",error-exit,Vagrant::Errors::MachineNotFound,The machine with the name 'lab-x' was not found");
    assertThat(lab.run(HypervisorHosts.VAGRANT, "cd /home/bosun/nowhere && vagrant status"))
        .isEqualTo(new Result(1, "", "bash: cd: /home/bosun/nowhere: No such file or directory\n"));
    assertThat(lab.run(HypervisorHosts.VAGRANT, "vagrant --version").stdout())
        .isEqualTo("Vagrant 2.4.1\n");
  }

  @Test
  void snapshotsOnLibvirt() throws Exception {
    lab.run(
        HypervisorHosts.VAGRANT, IN + "vagrant up lab-w-1 --provider=libvirt --machine-readable");
    assertThat(lab.run(
                HypervisorHosts.VAGRANT, IN + "vagrant snapshot list lab-w-1 --machine-readable")
            .stdout())
        .contains("No snapshots have been taken yet!");
    assertThat(lab.run(
                HypervisorHosts.VAGRANT, IN + "vagrant snapshot save lab-w-1 s1 --machine-readable")
            .exitCode())
        .isZero();
    assertThat(lab.run(
                HypervisorHosts.VAGRANT, IN + "vagrant snapshot save lab-w-1 s1 --machine-readable")
            .stdout())
        .contains("error-exit,Vagrant::Errors::SnapshotConflictFailed");
    assertThat(lab.run(
                HypervisorHosts.VAGRANT, IN + "vagrant snapshot list lab-w-1 --machine-readable")
            .stdout())
        .containsPattern("\\d+,lab-w-1,ui,detail,s1\n");
    assertThat(lab.run(
                HypervisorHosts.VAGRANT,
                IN + "vagrant snapshot delete lab-w-1 s2 --machine-readable")
            .stdout())
        .contains("error-exit,Vagrant::Errors::SnapshotNotFound");
    lab.run(HypervisorHosts.VAGRANT, IN + "vagrant destroy -f lab-w-1 --machine-readable");
  }

  @Test
  void vagrantIsInstalledOnTheLinuxBoxOnly() throws Exception {
    assertThat(lab.run(HypervisorHosts.UTM, "vagrant --version").exitCode()).isEqualTo(127);
    assertThat(lab.run(HypervisorHosts.HYPERV, "vagrant --version").stderr())
        .startsWith("'vagrant' is not recognized");
  }
}
