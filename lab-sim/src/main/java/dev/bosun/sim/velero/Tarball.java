package dev.bosun.sim.velero;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipException;

/**
 * A backup's {@code .tar.gz} as Velero writes it (Go's archive/tar ustar headers, mode 0755, no owner names) and
 * reads it back, failing with the errors Go's readers give: {@code gzip: invalid header} for bytes that are not gzip,
 * {@code unexpected EOF} for a cut-off stream.
 */
final class Tarball {

  /** Go's error text for a restore of a broken tarball, as Velero reports it. */
  static final class BrokenTarball extends Exception {
    /** Where Velero's extractor saw it: creating the gzip reader, or reading the tar. */
    final String stage;

    BrokenTarball(String stage, String message) {
      super(message);
      this.stage = stage;
    }
  }

  private Tarball() {}

  static byte[] write(Map<String, byte[]> entries, long mtimeMillis) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
      for (Map.Entry<String, byte[]> e : entries.entrySet()) {
        gz.write(header(e.getKey(), e.getValue().length, mtimeMillis / 1000));
        gz.write(e.getValue());
        gz.write(new byte[(512 - e.getValue().length % 512) % 512]);
      }
      gz.write(new byte[1024]);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /** The entries of a tarball, or the error Velero's extractor reports. */
  static Map<String, byte[]> read(byte[] tarGz) throws BrokenTarball {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    InputStream in;
    try {
      in = new GZIPInputStream(new java.io.ByteArrayInputStream(tarGz));
    } catch (ZipException e) {
      throw new BrokenTarball("error creating gzip reader", "gzip: invalid header");
    } catch (EOFException e) {
      throw new BrokenTarball("error creating gzip reader", "unexpected EOF");
    } catch (IOException e) {
      throw new BrokenTarball("error creating gzip reader", e.getMessage());
    }
    try (in) {
      byte[] h = new byte[512];
      while (true) {
        int n = in.readNBytes(h, 0, 512);
        if (n == 0) {
          break;
        }
        if (n < 512) {
          throw new EOFException();
        }
        String name = field(h, 0, 100);
        if (name.isEmpty()) {
          break;
        }
        String size = field(h, 124, 12).trim();
        int length = size.isEmpty() ? 0 : Integer.parseInt(size, 8);
        byte[] body = in.readNBytes(length);
        int pad = (512 - length % 512) % 512;
        if (body.length < length || in.readNBytes(pad).length < pad) {
          throw new EOFException();
        }
        if (h[156] == '0' || h[156] == 0) {
          entries.put(name, body);
        }
      }
      return entries;
    } catch (EOFException e) {
      throw new BrokenTarball("error reading tar", "unexpected EOF");
    } catch (IOException e) {
      throw new BrokenTarball("error reading tar", e.getMessage());
    }
  }

  private static byte[] header(String name, int size, long mtime) {
    byte[] h = new byte[512];
    put(h, 0, name);
    put(h, 100, "0000755");
    put(h, 108, "0000000");
    put(h, 116, "0000000");
    put(h, 124, String.format("%011o", size));
    put(h, 136, String.format("%011o", mtime));
    h[156] = '0';
    put(h, 257, "ustar");
    put(h, 263, "00");
    for (int i = 148; i < 156; i++) {
      h[i] = ' ';
    }
    long sum = 0;
    for (byte b : h) {
      sum += b & 0xff;
    }
    put(h, 148, String.format("%06o", sum));
    h[155] = ' ';
    return h;
  }

  private static void put(byte[] h, int offset, String s) {
    byte[] b = s.getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(b, 0, h, offset, b.length);
  }

  private static String field(byte[] b, int offset, int length) {
    int end = offset;
    while (end < offset + length && b[end] != 0) {
      end++;
    }
    return new String(b, offset, end - offset, StandardCharsets.US_ASCII);
  }
}
