package dev.bosun.sim.ssh;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.sshd.common.channel.Channel;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.apache.sshd.common.io.IoAcceptor;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.session.SessionContext;
import org.apache.sshd.server.ServerBuilder;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.channel.ChannelSessionFactory;

/**
 * One MINA SSH server for the whole lab: bound once per host address on a single port, presenting each host's
 * own ECDSA key (chosen by the session's local address), public-key auth for one user only, and exec
 * requests answered by the sim. Threads are bounded: MINA's NIO workers plus a fixed command pool.
 */
public final class SimSshServer implements AutoCloseable {

  public static final String USER = "bosun";

  /** Exposes the acceptor so single addresses can be unbound (connection refused) and re-bound. */
  private static final class LabSshd extends SshServer {
    IoAcceptor ioAcceptor() {
      return acceptor;
    }
  }

  private final LabSshd sshd;
  private final ExecutorService pool;
  private final Map<String, KeyPair> hostKeys = new ConcurrentHashMap<>();
  private final Map<String, KeyPair> originalKeys = new ConcurrentHashMap<>();
  private final KeyPair clientKey;
  private int port;

  private SimSshServer(LabSshd sshd, ExecutorService pool, KeyPair clientKey, int port) {
    this.sshd = sshd;
    this.pool = pool;
    this.clientKey = clientKey;
    this.port = port;
  }

  public static KeyPair newKey() {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
      g.initialize(new ECGenParameterSpec("secp256r1"));
      return g.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("no EC key generator in this JVM", e);
    }
  }

  /** Starts listening on every address, all on one free port. */
  public static SimSshServer start(List<String> addresses, HostShell shell, int commandThreads)
      throws IOException {
    return start(addresses, shell, commandThreads, newKey(), 0);
  }

  /**
   * Starts listening on every address, all on {@code port} (0: a free one), accepting {@code client}'s key: a second
   * lab reached with the first one's SSH settings (one inventory for both).
   */
  public static SimSshServer start(
      List<String> addresses, HostShell shell, int commandThreads, KeyPair client, int port)
      throws IOException {
    AtomicInteger threadNo = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(commandThreads, r -> {
      Thread t = new Thread(r, "lab-sim-command-" + threadNo.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    LabSshd sshd = (LabSshd) ServerBuilder.builder().factory(LabSshd::new).build();
    sshd.setHost(addresses.get(0));
    sshd.setPort(port);
    // Like a real sshd's small exec replies: no Nagle wait for the client's delayed ACK (~40 ms per
    // command).
    org.apache.sshd.core.CoreModuleProperties.TCP_NODELAY.set(sshd, true);
    sshd.setPasswordAuthenticator(null);
    sshd.setKeyboardInteractiveAuthenticator(null);
    sshd.setGSSAuthenticator(null);
    sshd.setHostBasedAuthenticator(null);
    sshd.setPublickeyAuthenticator(
        (user, key, session) -> USER.equals(user) && KeyUtils.compareKeys(key, client.getPublic()));
    sshd.setShellFactory(null);
    sshd.setChannelFactories(List.of(new ChannelSessionFactory() {
      @Override
      public Channel createChannel(Session session) {
        return new SimChannelSession();
      }
    }));
    sshd.setCommandFactory((channel, command) -> new SimCommand(command, shell, pool));
    SimSshServer server = new SimSshServer(sshd, pool, client, 0);
    for (String a : addresses) {
      KeyPair k = newKey();
      server.hostKeys.put(a, k);
      server.originalKeys.put(a, k);
    }
    sshd.setKeyPairProvider(server.new HostKeys());
    sshd.start();
    int bound = sshd.getPort();
    server.port = bound;
    List<InetSocketAddress> rest = new ArrayList<>();
    for (String a : addresses.subList(1, addresses.size())) {
      rest.add(new InetSocketAddress(a, bound));
    }
    if (!rest.isEmpty()) {
      sshd.ioAcceptor().bind(rest);
    }
    return server;
  }

  /** The host key for a session: the one of the address the client connected to. */
  private final class HostKeys implements KeyPairProvider {
    @Override
    public Iterable<KeyPair> loadKeys(SessionContext session) {
      if (session instanceof Session s
          && s.getIoSession() != null
          && s.getIoSession().getLocalAddress() instanceof InetSocketAddress local) {
        KeyPair k = hostKeys.get(local.getAddress().getHostAddress());
        if (k != null) {
          return List.of(k);
        }
      }
      return List.of(hostKeys.values().iterator().next());
    }
  }

  public int port() {
    return port;
  }

  /** The key pair clients log in with (the lab's {@code id_ecdsa}). */
  public KeyPair clientKey() {
    return clientKey;
  }

  public KeyPair hostKey(String address) {
    return hostKeys.get(address);
  }

  /** Stops accepting on one address (clients get "connection refused"), or accepts again. */
  public void refuse(String address, boolean refuse) throws IOException {
    InetSocketAddress a = new InetSocketAddress(address, port);
    if (refuse) {
      sshd.ioAcceptor().unbind(a);
    } else if (!sshd.ioAcceptor().getBoundAddresses().contains(a)) {
      sshd.ioAcceptor().bind(a);
    }
  }

  /** Starts answering on a new address with a new host key (a VM that just booted). */
  public void addAddress(String address) throws IOException {
    KeyPair k = newKey();
    hostKeys.put(address, k);
    originalKeys.put(address, k);
    refuse(address, false);
  }

  /** Stops answering on an address for good (a VM destroyed). */
  public void removeAddress(String address) throws IOException {
    refuse(address, true);
    hostKeys.remove(address);
    originalKeys.remove(address);
  }

  /** Presents a fresh key on one address (or the original again). */
  public void changeHostKey(String address, boolean changed) {
    hostKeys.put(address, changed ? newKey() : originalKeys.get(address));
  }

  /** Writes the lab's client key (OpenSSH format, 0600) and its .pub next to it. */
  public void writeClientKey(Path privateKey) throws IOException {
    try (OutputStream o = Files.newOutputStream(privateKey)) {
      OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(clientKey, USER + "@lab-sim", null, o);
    } catch (GeneralSecurityException e) {
      throw new IOException("cannot encode the lab client key", e);
    }
    Files.setPosixFilePermissions(privateKey, PosixFilePermissions.fromString("rw-------"));
    Files.writeString(
        Path.of(privateKey + ".pub"),
        PublicKeyEntry.toString(clientKey.getPublic()) + " " + USER + "@lab-sim\n");
  }

  /** known_hosts lines, [address]:port keytype base64, one per host, with the original keys. */
  public void writeKnownHosts(Path file, List<String> addresses) throws IOException {
    StringBuilder b = new StringBuilder();
    for (String a : addresses) {
      b.append('[')
          .append(a)
          .append("]:")
          .append(port)
          .append(' ')
          .append(PublicKeyEntry.toString(originalKeys.get(a).getPublic()))
          .append('\n');
    }
    Files.writeString(file, b.toString(), StandardCharsets.UTF_8);
  }

  @Override
  public void close() throws IOException {
    try {
      sshd.stop(true);
    } finally {
      pool.shutdownNow();
    }
  }
}
