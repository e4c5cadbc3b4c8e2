package dev.bosun.sim.programs;

import dev.bosun.sim.LabState;
import dev.bosun.sim.host.HostState;
import dev.bosun.sim.hypervisor.CmdExe;
import dev.bosun.sim.hypervisor.Hypervisors;
import dev.bosun.sim.hypervisor.Utmctl;
import dev.bosun.sim.hypervisor.Vagrant;
import dev.bosun.sim.shell.Dispatcher;
import dev.bosun.sim.shell.Invocation;
import dev.bosun.sim.shell.Result;

/** Registers every simulated program with a dispatcher. */
public final class Programs {

  private Programs() {}

  public static Dispatcher registerAll(Dispatcher d, LabState state) {
    CoreUtils core = new CoreUtils();
    d.register("cat", core::cat)
        .register("sha256sum", core::sha256sum)
        .register("base64", core::base64)
        .register("test", core::test)
        .register("hostname", core::hostname)
        .register("uname", core::uname)
        .register("echo", core::echo)
        .register("tee", core::tee)
        .register("umask", core::umask)
        .register("mktemp", core::mktemp)
        .register("mkdir", core::mkdir)
        .register("rm", core::rm)
        .register("mv", core::mv)
        .register("cp", core::cp)
        .register("true", i -> Result.ok(""))
        .register("false", i -> Result.fail(1, ""));
    Apt apt = new Apt(state);
    d.register("apt-get", apt::aptGet)
        .register("apt-cache", apt::aptCache)
        .register("apt-mark", apt::aptMark)
        .register("dpkg-query", apt::dpkgQuery);
    d.register("systemctl", new Systemctl(state)::run);
    HostSetup setup = new HostSetup(state);
    d.register("dpkg", setup::dpkg)
        .register("curl", setup::curl)
        .register("gpg", setup::gpg)
        .register("mkdir", setup::mkdir)
        .register("install", setup::install)
        .register("chmod", setup::chmod)
        .register("rm", setup::rm)
        .register("modprobe", setup::modprobe)
        .register("lsmod", setup::lsmod)
        .register("sysctl", setup::sysctl)
        .register("swapoff", setup::swapoff)
        .register("sed", setup::sed)
        .register("containerd", setup::containerd)
        .register("tar", setup::tar);
    d.register("kubectl", new Kubectl(state)::run);
    d.register("rclone", new dev.bosun.sim.programs.rclone.Rclone(state)::run);
    d.register("kubelet", Programs::kubelet);
    d.register("kubeadm", new Kubeadm(state)::run);
    d.register("velero", new Velero(state)::run);
    Etcd etcd = new Etcd(state);
    d.register("etcdctl", etcd::etcdctl).register("etcdutl", etcd::etcdutl);
    Hypervisors hypervisors = state.hypervisors();
    d.register("vagrant", new Vagrant(hypervisors)::run);
    Utmctl utm = new Utmctl(hypervisors);
    d.register(Utmctl.PATH, utm::run).register("utmctl", utm::run);
    d.shell(HostState.Platform.WINDOWS, new CmdExe(hypervisors)::run);
    return d;
  }

  /** Re-dates a control plane's leaf certificates to expire {@code left} from now, in lab time (a fault). */
  public static void expireCertificatesIn(LabState state, HostState host, java.time.Duration left) {
    KubeadmCerts.expireIn(state, host, left);
  }

  /** How bash (or sudo) reports a program whose package is not installed. */
  static Result notInstalled(Invocation inv) {
    if (inv.root()) {
      return Result.fail(1, "sudo: " + inv.name() + ": command not found\n");
    }
    return Result.fail(127, "bash: " + inv.name() + ": command not found\n");
  }

  private static Result kubelet(Invocation inv) {
    var v = inv.host().packageVersion("kubelet");
    if (v == null) {
      return notInstalled(inv);
    }
    if (inv.has("--version") || inv.has("--version=true")) {
      return Result.ok("Kubernetes " + v + "\n");
    }
    return Result.fail(
        1,
        "E1121 05:00:00.000000    4242 run.go:72] \"command failed\" err=\"failed to run Kubelet: "
            + "the kubelet is managed by systemd in this lab; use systemctl\"\n");
  }
}
