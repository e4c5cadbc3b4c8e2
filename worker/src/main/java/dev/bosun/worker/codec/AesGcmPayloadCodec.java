package dev.bosun.worker.codec;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.temporal.api.common.v1.Payload;
import io.temporal.common.converter.CodecDataConverter;
import io.temporal.common.converter.DataConverter;
import io.temporal.common.converter.DefaultDataConverter;
import io.temporal.payload.codec.PayloadCodec;
import io.temporal.payload.codec.PayloadCodecException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * Encrypts every payload with AES-256-GCM: the whole original payload (metadata and data, as protobuf bytes)
 * becomes {@code data = nonce(12) || ciphertext || tag(16)}, with a fresh random nonce per payload; the new
 * payload's metadata says only {@code encoding: binary/encrypted} and {@code encryption-key-id: <id>}. The key id
 * is also the GCM associated data, so a payload cannot be relabelled with another id.
 *
 * <p>Decoding picks the key by id from {@link CodecKeys} (current or older), and passes payloads that are not
 * {@code binary/encrypted} through untouched: histories written before encryption was switched on stay
 * readable. A payload that fails authentication (tampered, or a different key under the same id) is a
 * {@link PayloadCodecException} saying so.
 */
public final class AesGcmPayloadCodec implements PayloadCodec {

  public static final String METADATA_ENCODING = "encoding";
  public static final String ENCODING = "binary/encrypted";
  public static final String METADATA_KEY_ID = "encryption-key-id";
  private static final String TRANSFORMATION = "AES/GCM/NoPadding";
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;

  private final CodecKeys keys;
  private final SecureRandom random = new SecureRandom();

  public AesGcmPayloadCodec(CodecKeys keys) {
    this.keys = keys;
  }

  /** Temporal's default JSON/protobuf conversion, then this codec: what the worker and the CLI use. */
  public static DataConverter dataConverter(CodecKeys keys) {
    return new CodecDataConverter(
        DefaultDataConverter.newDefaultInstance(), List.of(new AesGcmPayloadCodec(keys)));
  }

  public CodecKeys keys() {
    return keys;
  }

  @Override
  public List<Payload> encode(List<Payload> payloads) {
    List<Payload> out = new ArrayList<>(payloads.size());
    for (Payload p : payloads) {
      out.add(encrypt(p));
    }
    return out;
  }

  @Override
  public List<Payload> decode(List<Payload> payloads) {
    List<Payload> out = new ArrayList<>(payloads.size());
    for (Payload p : payloads) {
      out.add(isEncrypted(p) ? decrypt(p) : p);
    }
    return out;
  }

  public static boolean isEncrypted(Payload p) {
    ByteString encoding = p.getMetadataMap().get(METADATA_ENCODING);
    return encoding != null && ENCODING.equals(encoding.toStringUtf8());
  }

  private Payload encrypt(Payload plain) {
    String id = keys.currentId();
    byte[] nonce = new byte[NONCE_BYTES];
    random.nextBytes(nonce);
    try {
      Cipher cipher = cipher(Cipher.ENCRYPT_MODE, keys.current(), nonce, id);
      byte[] sealed = cipher.doFinal(plain.toByteArray());
      ByteBuffer data =
          ByteBuffer.allocate(NONCE_BYTES + sealed.length).put(nonce).put(sealed);
      return Payload.newBuilder()
          .putMetadata(METADATA_ENCODING, ByteString.copyFromUtf8(ENCODING))
          .putMetadata(METADATA_KEY_ID, ByteString.copyFromUtf8(id))
          .setData(ByteString.copyFrom(data.array()))
          .build();
    } catch (GeneralSecurityException e) {
      throw new PayloadCodecException(
          "encrypting a payload with key " + id + " failed: " + e.getClass().getSimpleName(), e);
    }
  }

  private Payload decrypt(Payload encrypted) {
    ByteString idBytes = encrypted.getMetadataMap().get(METADATA_KEY_ID);
    if (idBytes == null) {
      throw new PayloadCodecException(
          "an encrypted payload has no " + METADATA_KEY_ID + " metadata; cannot pick a key");
    }
    String id = idBytes.toStringUtf8();
    SecretKey key = keys.get(id);
    if (key == null) {
      throw new PayloadCodecException("a payload is encrypted with key id " + printable(id)
          + ", which this keyring does not hold" + " (it has " + keys.ids()
          + "); add it as an older key");
    }
    byte[] data = encrypted.getData().toByteArray();
    if (data.length < NONCE_BYTES + TAG_BITS / 8) {
      throw new PayloadCodecException("an encrypted payload (key " + id
          + ") is too short to be AES-GCM: " + data.length + " bytes");
    }
    try {
      Cipher cipher =
          cipher(Cipher.DECRYPT_MODE, key, java.util.Arrays.copyOf(data, NONCE_BYTES), id);
      byte[] plain = cipher.doFinal(data, NONCE_BYTES, data.length - NONCE_BYTES);
      return Payload.parseFrom(plain);
    } catch (AEADBadTagException e) {
      throw new PayloadCodecException(
          "an encrypted payload (key " + id + ") failed authentication: it was altered,"
              + " or encrypted with a different key under the same id",
          e);
    } catch (GeneralSecurityException e) {
      throw new PayloadCodecException(
          "decrypting a payload with key " + id + " failed: " + e.getClass().getSimpleName(), e);
    } catch (InvalidProtocolBufferException e) {
      throw new PayloadCodecException(
          "a payload decrypted with key " + id + " is not a Temporal payload", e);
    }
  }

  private static Cipher cipher(int mode, SecretKey key, byte[] nonce, String id)
      throws GeneralSecurityException {
    Cipher cipher = Cipher.getInstance(TRANSFORMATION);
    cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, nonce));
    cipher.updateAAD(id.getBytes(StandardCharsets.UTF_8));
    return cipher;
  }

  private static String printable(String id) {
    String s = id.replaceAll("[^A-Za-z0-9._-]", "?");
    return s.length() > 64 ? s.substring(0, 64) + "…" : s;
  }
}
