package dev.earshot.sample.openai.simulator;

import java.io.IOException;

/**
 * One API operation. It is called after authentication, the rate-limit window and fault injection
 * let the request through, with the body already read; it validates the request (answering 400
 * like OpenAI when it is wrong) and answers it with the configured timing.
 */
@FunctionalInterface
interface Endpoint {

  void handle(SimExchange exchange) throws IOException;
}
