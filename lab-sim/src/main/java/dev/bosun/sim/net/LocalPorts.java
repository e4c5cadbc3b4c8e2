package dev.bosun.sim.net;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Free ports on 127.0.0.1 for servers started here (embedded Temporal, dev servers). Chosen below the
 * kernel's ephemeral range: a port the kernel hands out for "port 0" can be handed out again to the next
 * process asking the same (the dev server picks its own internal ports that way) before our server binds it.
 */
public final class LocalPorts {

  private static final int LOWEST = 20_000;

  private LocalPorts() {}

  public static int free() {
    int below = ephemeralLow();
    ThreadLocalRandom random = ThreadLocalRandom.current();
    for (int attempt = 0; attempt < 200 && below > LOWEST; attempt++) {
      int port = random.nextInt(LOWEST, below);
      if (bindable(port)) {
        return port;
      }
    }
    return kernelChosen();
  }

  private static boolean bindable(int port) {
    try (ServerSocket s = new ServerSocket()) {
      s.setReuseAddress(true);
      s.bind(new InetSocketAddress("127.0.0.1", port));
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static int kernelChosen() {
    try (ServerSocket s = new ServerSocket()) {
      s.setReuseAddress(true);
      s.bind(new InetSocketAddress("127.0.0.1", 0));
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free local port", e);
    }
  }

  /** The first port of Linux's ephemeral range; 32768 (its default) where it cannot be read. */
  public static int ephemeralLow() {
    try {
      String[] range = Files.readString(Path.of("/proc/sys/net/ipv4/ip_local_port_range"))
          .trim()
          .split("\\s+");
      return Integer.parseInt(range[0]);
    } catch (IOException | RuntimeException e) {
      return 32_768;
    }
  }
}
