package dev.bosun.sim.ssh;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import org.apache.sshd.common.channel.RequestHandler;
import org.apache.sshd.common.io.IoWriteFuture;
import org.apache.sshd.common.util.buffer.Buffer;
import org.apache.sshd.server.channel.ChannelSession;

/**
 * A session channel that says when its exec request has been answered. A sim command finishes in
 * microseconds; if its exit-status and close went out before the reply to "exec", OpenSSH's ControlMaster
 * would lose the exit status (the mux client exits 255). A real sshd never answers in that order.
 */
final class SimChannelSession extends ChannelSession {

  final CompletableFuture<Void> execAnswered = new CompletableFuture<>();

  @Override
  protected IoWriteFuture sendResponse(
      Buffer buffer, String req, RequestHandler.Result result, boolean wantReply)
      throws IOException {
    try {
      return super.sendResponse(buffer, req, result, wantReply);
    } finally {
      if ("exec".equals(req)) {
        execAnswered.complete(null);
      }
    }
  }
}
