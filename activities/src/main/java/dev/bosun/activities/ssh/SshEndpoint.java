package dev.bosun.activities.ssh;

import dev.bosun.workflows.model.HostTarget;

/** The identity of one pooled connection: user@address:port. */
public record SshEndpoint(String user, String address, int port) {

  public static SshEndpoint of(HostTarget host) {
    return new SshEndpoint(host.user(), host.address(), host.port() > 0 ? host.port() : 22);
  }

  @Override
  public String toString() {
    return user + "@" + address + ":" + port;
  }
}
