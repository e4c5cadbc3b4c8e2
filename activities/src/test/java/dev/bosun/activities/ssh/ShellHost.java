package dev.bosun.activities.ssh;

import dev.bosun.activities.ActivitySettings;
import dev.bosun.workflows.model.HostTarget;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.UnaryOperator;
import org.apache.sshd.server.command.CommandFactory;
import org.apache.sshd.server.shell.ProcessShellCommandFactory;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A test's host over real SSH: an {@link EmbeddedSshd} whose shell runs each command with /bin/sh without its
 * {@code sudo -n} (the test user owns what the command touches; the sudoers rows are held by lab-sim's SudoersTest),
 * the commands it received, and the {@link SshPool} that reaches it. Register it with {@code @RegisterExtension}:
 * the pool and the server are closed after each test.
 */
public final class ShellHost implements AfterEachCallback {

  private final List<String> commands = Collections.synchronizedList(new ArrayList<>());
  private EmbeddedSshd sshd;
  private SshPool pool;

  /** Starts the server (keys and known_hosts in {@code dir}); returns the pool that reaches it. */
  public SshPool start(Path dir) throws Exception {
    return start(dir, UnaryOperator.identity());
  }

  /** As {@link #start(Path)}; the shell runs {@code rewrite} of each command (without its sudo). */
  public SshPool start(Path dir, UnaryOperator<String> rewrite) throws Exception {
    CommandFactory shell = (channel, command) -> {
      commands.add(command);
      return ProcessShellCommandFactory.INSTANCE.createCommand(
          channel, rewrite.apply(command.replaceFirst("^sudo -n ", "")));
    };
    sshd = new EmbeddedSshd(dir, shell);
    pool = new SshPool(ActivitySettings.defaults());
    return pool;
  }

  /** The host as an inventory names it, its key checked against the known_hosts written at start. */
  public HostTarget target() {
    return sshd.target(false);
  }

  /** Every command the server received, as sent (with its sudo), in order. */
  public List<String> commands() {
    return commands;
  }

  @Override
  public void afterEach(ExtensionContext context) throws Exception {
    if (pool != null) {
      pool.close();
    }
    if (sshd != null) {
      sshd.close();
    }
  }
}
