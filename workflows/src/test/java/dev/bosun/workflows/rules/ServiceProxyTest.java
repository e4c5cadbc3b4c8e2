package dev.bosun.workflows.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** An http-probe URL as the API server's service proxy path. */
class ServiceProxyTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "http://web.shop.svc:8080/healthz, /api/v1/namespaces/shop/services/http:web:8080/proxy/healthz, shop",
    "http://web.shop/, /api/v1/namespaces/shop/services/http:web:80/proxy/, shop",
    "https://api.prod.svc.cluster.local/ready?full=1, /api/v1/namespaces/prod/services/https:api:443/proxy/ready?full=1, prod",
    "http://web.shop.svc, /api/v1/namespaces/shop/services/http:web:80/proxy/, shop"
  })
  void aServiceUrlBecomesItsProxyPath(String url, String path, String namespace) {
    ServiceProxy p = ServiceProxy.of(url);
    assertThat(p.apiPath()).isEqualTo(path);
    assertThat(p.namespace()).isEqualTo(namespace);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "http://web/healthz",
        "http://10.0.0.1:8080/",
        "ftp://web.shop/",
        "http://u:p@web.shop/",
        "http://web.shop.example.com/",
        "http://Web.shop/"
      })
  void anythingButAServiceIsRefused(String url) {
    assertThatThrownBy(() -> ServiceProxy.of(url)).hasMessage(ServiceProxy.RULE);
  }
}
