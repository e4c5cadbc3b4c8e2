package dev.bosun.sim.ssh;

import dev.bosun.sim.DroppedConnection;
import dev.bosun.sim.shell.Result;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;

/** One SSH exec request: interpreted by the sim on a bounded pool, stdout and stderr kept apart. */
final class SimCommand implements Command {

  private final String commandLine;
  private final HostShell shell;
  private final ExecutorService pool;
  private InputStream in;
  private OutputStream out;
  private OutputStream err;
  private ExitCallback exit;
  private Future<?> running;

  SimCommand(String commandLine, HostShell shell, ExecutorService pool) {
    this.commandLine = commandLine;
    this.shell = shell;
    this.pool = pool;
  }

  @Override
  public void setExitCallback(ExitCallback callback) {
    this.exit = callback;
  }

  @Override
  public void setInputStream(InputStream in) {
    this.in = in;
  }

  /** The channel's input to its end (the client closes it, as `ssh host cmd < file` does), read once. */
  private String readStdin() {
    if (in == null) {
      return "";
    }
    try {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }

  @Override
  public void setOutputStream(OutputStream out) {
    this.out = out;
  }

  @Override
  public void setErrorStream(OutputStream err) {
    this.err = err;
  }

  @Override
  public void start(ChannelSession channel, Environment env) {
    String address = ((InetSocketAddress) channel.getSession().getIoSession().getLocalAddress())
        .getAddress()
        .getHostAddress();
    running = pool.submit(() -> {
      try {
        String[] stdin = new String[1];
        Result r = shell.execute(
            address, commandLine, () -> stdin[0] == null ? (stdin[0] = readStdin()) : stdin[0]);
        if (channel instanceof SimChannelSession sim) {
          try {
            sim.execAnswered.get(
                2, java.util.concurrent.TimeUnit.SECONDS); // output only after the exec reply
          } catch (java.util.concurrent.ExecutionException
              | java.util.concurrent.TimeoutException ignored) {
            // answer anyway
          }
        }
        out.write(
            r.stdout().getBytes(r.binary() ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8));
        out.flush();
        err.write(r.stderr().getBytes(StandardCharsets.UTF_8));
        err.flush();
        exit.onExit(r.exitCode());
      } catch (DroppedConnection e) {
        writePartial(e.partialStdout());
        channel.getSession().close(true);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (IOException | RuntimeException e) {
        exit.onExit(255, e.toString());
      }
    });
  }

  private void writePartial(String stdout) {
    if (!stdout.isEmpty()) {
      try {
        out.write(stdout.getBytes(StandardCharsets.UTF_8));
        out.flush();
      } catch (IOException ignored) {
        // the connection is going anyway
      }
    }
  }

  @Override
  public void destroy(ChannelSession channel) {
    if (running != null) {
      running.cancel(true);
    }
  }
}
