package dev.bosun.worker.codec;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import dev.bosun.worker.TemporalService;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Options;
import io.micronaut.http.annotation.Post;
import io.temporal.api.common.v1.Payloads;
import io.temporal.payload.codec.PayloadCodecException;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The Temporal codec server protocol: {@code POST /codec/encode} and {@code /codec/decode} take and return {@code
 * {"payloads":[{"metadata":{"encoding":"<base64>"},"data":"<base64>"}]}} (proto3 JSON of {@code Payloads}), run
 * through the worker's {@link AesGcmPayloadCodec}. The {@code X-Namespace} header is accepted; one keyring serves
 * every namespace. Access: {@link CodecServerPolicy}.
 */
@Controller(CodecServerPolicy.PATH)
@Context // created at start: no keys stops the worker there
@Requires(property = "bosun.codec-server.enabled", value = "true")
public class CodecServerController {

  private final AesGcmPayloadCodec codec;

  public CodecServerController(TemporalService temporal) {
    CodecKeys keys = temporal.settings().codec();
    if (keys == null) {
      throw new IllegalArgumentException(
          "bosun.codec-server.enabled is true, but payload encryption is off:"
              + " set bosun.temporal.codec.key-id and key-file (or key-env)");
    }
    this.codec = new AesGcmPayloadCodec(keys);
  }

  @Post(uri = "/encode", consumes = MediaType.ALL, produces = MediaType.APPLICATION_JSON)
  public HttpResponse<?> encode(@Body String body) {
    return convert(body, codec::encode);
  }

  @Post(uri = "/decode", consumes = MediaType.ALL, produces = MediaType.APPLICATION_JSON)
  public HttpResponse<?> decode(@Body String body) {
    return convert(body, codec::decode);
  }

  /** Preflights are answered by {@link CodecServerPolicy}; these routes only make OPTIONS a known method here. */
  @Options("/encode")
  public HttpResponse<?> encodePreflight() {
    return HttpResponse.noContent();
  }

  @Options("/decode")
  public HttpResponse<?> decodePreflight() {
    return HttpResponse.noContent();
  }

  private static HttpResponse<?> convert(
      String body, UnaryOperator<List<io.temporal.api.common.v1.Payload>> op) {
    Payloads.Builder in = Payloads.newBuilder();
    try {
      JsonFormat.parser().merge(body == null ? "" : body, in);
    } catch (InvalidProtocolBufferException | RuntimeException e) {
      return HttpResponse.badRequest(Map.of(
          "error", "the body is not {\"payloads\":[{\"metadata\":{...},\"data\":\"<base64>\"}]}"));
    }
    try {
      Payloads out =
          Payloads.newBuilder().addAllPayloads(op.apply(in.getPayloadsList())).build();
      return HttpResponse.ok(JsonFormat.printer().print(out))
          .contentType(MediaType.APPLICATION_JSON_TYPE);
    } catch (PayloadCodecException e) {
      return HttpResponse.badRequest(Map.of("error", e.getMessage()));
    } catch (InvalidProtocolBufferException e) {
      return HttpResponse.serverError(Map.of("error", "cannot write the payloads as JSON"));
    }
  }
}
