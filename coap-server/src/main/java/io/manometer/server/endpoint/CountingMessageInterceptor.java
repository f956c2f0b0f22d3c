package io.manometer.server.endpoint;

import org.eclipse.californium.core.coap.Request;
import org.eclipse.californium.core.coap.Response;
import org.eclipse.californium.core.network.interceptors.MessageInterceptor;

/**
 * Counts CoAP requests and responses into {@link ServerCounters}. Installed as a <em>post-process</em> interceptor:
 * only after the matcher ran does a request know whether it is a duplicate (RFC 7252 §4.5), and only once sent
 * does a response know whether it went out before. Other messages keep the interface's no-op defaults.
 */
final class CountingMessageInterceptor implements MessageInterceptor {

    private final ServerCounters counters;

    CountingMessageInterceptor(ServerCounters counters) {
        this.counters = counters;
    }

    @Override
    public void receiveRequest(Request request) {
        counters.requestReceived(request.isDuplicate());
    }

    /** A response that could not be sent is not counted: no device saw it. */
    @Override
    public void sendResponse(Response response) {
        if (response.getSendError() == null) {
            counters.responseSent(response.getCode().codeClass, response.isDuplicate());
        }
    }
}
