package dev.bosun.sim;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.common.IOUtils;
import net.schmizz.sshj.connection.channel.direct.Session;

/** A real SSH client (sshj) for tests: strict known_hosts, the lab key, one exec per call. */
final class SshExec implements AutoCloseable {

  record Out(int exit, String stdout, String stderr) {}

  private final SSHClient ssh = new SSHClient();

  SshExec(LabSim lab, String host) throws IOException {
    this(lab.host(host).address(), lab.sshPort(), lab.knownHosts(), lab.privateKey());
  }

  SshExec(String address, int port, Path knownHosts, Path key) throws IOException {
    ssh.loadKnownHosts(knownHosts.toFile());
    ssh.setConnectTimeout(5000);
    ssh.connect(address, port);
    ssh.authPublickey("bosun", ssh.loadKeys(key.toString()));
  }

  Out exec(String command) throws IOException {
    return exec(command, null);
  }

  /** Runs {@code command} with {@code stdin} written to the channel and then closed (EOF), as `ssh host cmd < file` does. */
  Out exec(String command, String stdin) throws IOException {
    try (Session s = ssh.startSession()) {
      Session.Command c = s.exec(command);
      if (stdin != null) {
        c.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        c.getOutputStream().flush();
        c.getOutputStream().close(); // sends EOF
      }
      String out = IOUtils.readFully(c.getInputStream()).toString(StandardCharsets.UTF_8);
      String err = IOUtils.readFully(c.getErrorStream()).toString(StandardCharsets.UTF_8);
      c.join(10, TimeUnit.SECONDS);
      Integer exit = c.getExitStatus();
      return new Out(exit == null ? -1 : exit, out, err);
    }
  }

  @Override
  public void close() throws IOException {
    ssh.close();
  }
}
