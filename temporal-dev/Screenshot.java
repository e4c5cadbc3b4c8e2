import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One screenshot of a page with headless Chromium over the DevTools protocol, for temporal-dev/screenshots:
 * {@code java temporal-dev/Screenshot.java CHROMIUM OUT.png URL TEXT}. It waits until the page shows TEXT (the
 * Temporal UI is a single-page app that keeps long-polling a running workflow, so {@code chromium --screenshot
 * --virtual-time-budget} never finishes on those pages), lets the page settle, and shoots the 1600x1000 window.
 *
 * <p>With two more arguments, {@code URL_PREFIX TOKEN_FILE}, every request of the page to a URL starting with
 * URL_PREFIX gets {@code Authorization: Bearer <token>} added (DevTools request interception, the way a
 * header-adding browser extension scoped to the codec server would): the Temporal UI has no setting that sends a
 * static token to a codec server (docs/temporal-ui.md).
 */
public final class Screenshot {

  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final Pattern WS_URL = Pattern.compile("\"webSocketDebuggerUrl\"\\s*:\\s*\"(ws://[^\"]+/page/[^\"]+)\"");
  private static final Pattern DATA = Pattern.compile("\"data\"\\s*:\\s*\"([A-Za-z0-9+/=]+)\"");

  public static void main(String[] args) throws Exception {
    if (args.length != 4 && args.length != 6) {
      System.err.println("usage: java Screenshot.java CHROMIUM OUT.png URL TEXT_TO_WAIT_FOR [URL_PREFIX TOKEN_FILE]");
      System.exit(2);
    }
    Path profile = Files.createTempDirectory("bosun-shot-");
    Process chromium = new ProcessBuilder(args[0], "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run", "--hide-scrollbars", "--user-data-dir=" + profile,
        "--window-size=1600,1000", "--remote-debugging-port=0", "about:blank")
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    try {
      String prefix = args.length == 6 ? args[4] : null;
      String token = args.length == 6 ? Files.readString(Path.of(args[5])).strip() : null;
      shoot(profile, Path.of(args[1]), args[2], args[3], prefix, token);
    } finally {
      chromium.destroy();
      chromium.waitFor(10, TimeUnit.SECONDS);
      try (var files = Files.walk(profile)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  private static final Pattern PAUSED = Pattern.compile("\"requestId\":\"([^\"]+)\".*?\"headers\":\\{([^}]*)\\}");
  private static final Pattern HEADER = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\":\"((?:[^\"\\\\]|\\\\.)*)\"");

  private static void shoot(Path profile, Path out, String url, String text, String prefix, String token) throws Exception {
    Path portFile = profile.resolve("DevToolsActivePort");
    long deadline = System.currentTimeMillis() + 30_000;
    while (!Files.exists(portFile) || Files.readAllLines(portFile).isEmpty()) {
      if (System.currentTimeMillis() > deadline) {
        throw new IllegalStateException("chromium did not open its DevTools port");
      }
      Thread.sleep(100);
    }
    int port = Integer.parseInt(Files.readAllLines(portFile).get(0).trim());
    String targets = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/json/list")).build(),
        HttpResponse.BodyHandlers.ofString()).body();
    Matcher ws = WS_URL.matcher(targets);
    if (!ws.find()) {
      throw new IllegalStateException("no page target in " + targets);
    }
    Cdp cdp = new Cdp(HTTP.newWebSocketBuilder().buildAsync(URI.create(ws.group(1)), new Cdp.Listener()).join());
    cdp.call("Page.enable", "{}");
    if (prefix != null) {
      Cdp.onEvent = event -> {
        if (!event.contains("\"method\":\"Fetch.requestPaused\"")) {
          return;
        }
        Matcher m = PAUSED.matcher(event);
        if (!m.find()) {
          return;
        }
        StringBuilder headers = new StringBuilder("[{\"name\":\"Authorization\",\"value\":" + json("Bearer " + token) + "}");
        Matcher h = HEADER.matcher(m.group(2));
        while (h.find()) {
          if (!h.group(1).equalsIgnoreCase("authorization")) {
            headers.append(",{\"name\":\"").append(h.group(1)).append("\",\"value\":\"").append(h.group(2)).append("\"}");
          }
        }
        cdp.send("Fetch.continueRequest", "{\"requestId\":\"" + m.group(1) + "\",\"headers\":" + headers + "]}");
      };
      cdp.call("Fetch.enable", "{\"patterns\":[{\"urlPattern\":" + json(prefix + "*") + ",\"requestStage\":\"Request\"}]}");
    }
    cdp.call("Emulation.setDeviceMetricsOverride", "{\"width\":1600,\"height\":1000,\"deviceScaleFactor\":1,\"mobile\":false}");
    cdp.call("Page.navigate", "{\"url\":" + json(url) + "}");
    String probe = "{\"expression\":" + json("document.body && document.body.innerText.includes(" + json(text) + ")")
        + ",\"returnByValue\":true}";
    deadline = System.currentTimeMillis() + 30_000;
    boolean shown;
    while (!(shown = cdp.call("Runtime.evaluate", probe).contains("\"value\":true")) && System.currentTimeMillis() < deadline) {
      Thread.sleep(500);
    }
    Thread.sleep(2500); // let the rest of the page (tables, timeline) render after the awaited text
    Matcher png = DATA.matcher(cdp.call("Page.captureScreenshot", "{\"format\":\"png\"}"));
    if (!png.find()) {
      throw new IllegalStateException("no screenshot data");
    }
    Files.write(out, Base64.getDecoder().decode(png.group(1)));
    if (!shown) { // the shot is kept to show what the page showed instead
      throw new IllegalStateException("the page never showed '" + text + "' (see " + out + "): " + url);
    }
    System.out.println("  " + out + "  <-  " + url);
  }

  private static String json(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  /** A minimal DevTools protocol client: numbered calls, answers matched by id. */
  private static final class Cdp {
    private static final Map<Integer, CompletableFuture<String>> ANSWERS = new ConcurrentHashMap<>();
    private static final Pattern ID = Pattern.compile("^\\{\"id\":(\\d+)");
    private final WebSocket socket;
    private final AtomicInteger ids = new AtomicInteger();

    Cdp(WebSocket socket) {
      this.socket = socket;
    }

    static volatile java.util.function.Consumer<String> onEvent = e -> {};

    /** Without waiting for the answer (from an event handler, which runs on the thread that delivers answers). */
    void send(String method, String params) {
      int id = ids.incrementAndGet();
      socket.sendText("{\"id\":" + id + ",\"method\":\"" + method + "\",\"params\":" + params + "}", true);
    }

    String call(String method, String params) throws Exception {
      int id = ids.incrementAndGet();
      CompletableFuture<String> answer = new CompletableFuture<>();
      ANSWERS.put(id, answer);
      socket.sendText("{\"id\":" + id + ",\"method\":\"" + method + "\",\"params\":" + params + "}", true).join();
      return answer.get(60, TimeUnit.SECONDS);
    }

    static final class Listener implements WebSocket.Listener {
      private final StringBuilder message = new StringBuilder();

      @Override
      public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        message.append(data);
        if (last) {
          String m = message.toString();
          message.setLength(0);
          Matcher id = ID.matcher(m);
          if (id.find()) {
            CompletableFuture<String> answer = ANSWERS.remove(Integer.parseInt(id.group(1)));
            if (answer != null) {
              answer.complete(m);
            }
          } else {
            onEvent.accept(m);
          }
        }
        webSocket.request(1);
        return null;
      }
    }
  }
}
