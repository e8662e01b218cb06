package dev.earshot.agent.it.http;

import static dev.earshot.agent.it.http.HttpMetrics.DURATION_COUNT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.earshot.agent.it.support.AgentProcess;
import dev.earshot.agent.it.support.PrometheusText;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/** Embedded Jetty 12 (ee10 ServletContextHandler) under the built agent; the cases are in {@link ServletServerContract}. */
class JettyServletIT extends ServletServerContract {

  @Override
  AgentProcess startApp() {
    return AgentProcess.builder("dev.earshot.testapps.http.JettyServletApp").name("JettyServletIT").start();
  }

  @Test
  @Order(20)
  void defaultServletRoutesAreNormalisedPaths() {
    get("/", "/", 200, "default");
    get("/about/team", "/about/team", 200, "default");
    get("/missing/12345", "/missing/{id}", 404, "not found");
    get("/missing/67890", "/missing/{id}", 404, "not found");

    PrometheusText metrics = awaitRecorded();
    assertThat(metrics.value(DURATION_COUNT, "http_route", "/", "http_response_status_code", "200")).isEqualTo(1);
    assertThat(metrics.value(DURATION_COUNT, "http_route", "/about/team", "http_response_status_code", "200")).isEqualTo(1);
    assertThat(metrics.value(DURATION_COUNT, "http_route", "/missing/{id}", "http_response_status_code", "404")).isEqualTo(2);
    assertThat(metrics.series(DURATION_COUNT, "http_route", "/missing/{id}").get(0).label("error_type")).isNull();
  }

  @Test
  @Order(21)
  void contextPathPrefixesEveryKindOfRoute() {
    get("/shop/", "/shop", 200, "shop home"); // "/shop" itself is redirected by Jetty, before any servlet
    get("/shop/cart", "/shop/cart", 200, "cart");
    get("/shop/items/77/reviews", "/shop/items/*", 200, "shop items");
    get("/shop/checkout.do", "/shop/*.do", 200, "action");
    get("/shop/admin/refund.do", "/shop/*.do", 200, "action");
    get("/shop/orders/5", "/shop/orders/{orderId}", 200, "thing");
    get("/shop/missing/12", "/shop/missing/{id}", 404, "not found");

    PrometheusText metrics = awaitRecorded();
    assertThat(metrics.value(DURATION_COUNT, "http_route", "/shop")).isEqualTo(1);
    assertThat(metrics.value(DURATION_COUNT, "http_route", "/shop/cart")).isEqualTo(1);
    assertThat(metrics.value(DURATION_COUNT, "http_route", "/shop/items/*")).isEqualTo(1);
    assertThat(metrics.value(DURATION_COUNT, "http_route", "/shop/*.do")).isEqualTo(2);
    assertThat(metrics.value(DURATION_COUNT, "http_route", "/shop/orders/{orderId}")).isEqualTo(1);
    assertThat(metrics.value(DURATION_COUNT, "http_route", "/shop/missing/{id}", "http_response_status_code", "404")).isEqualTo(1);
  }
}
