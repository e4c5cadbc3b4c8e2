package dev.bosun.sim.kube;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The JSON mapper for objects kept as JSON: the API server's conventions (no nulls, unknown fields kept or ignored). */
public final class KubeJson {

  public static final ObjectMapper MAPPER = new ObjectMapper()
      .setDefaultPropertyInclusion(JsonInclude.Include.NON_NULL)
      .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  private KubeJson() {}
}
