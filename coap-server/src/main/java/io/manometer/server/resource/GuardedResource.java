package io.manometer.server.resource;

import org.eclipse.californium.core.CoapResource;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.coap.MediaTypeRegistry;
import org.eclipse.californium.core.coap.Response;
import org.eclipse.californium.core.network.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A resource whose handlers hold only their normal path: a {@link BadRequestException} becomes 4.00 with its
 * diagnostic (logged at DEBUG), anything else is a bug and becomes 5.00, logged once at ERROR. A peer can
 * therefore never crash a handler thread or see a stack trace.
 */
public abstract class GuardedResource extends CoapResource {

    private static final Logger LOGGER = LoggerFactory.getLogger(GuardedResource.class);

    protected GuardedResource(String name) {
        super(name);
    }

    @Override
    public void handleRequest(Exchange exchange) {
        try {
            super.handleRequest(exchange);
        } catch (BadRequestException e) {
            LOGGER.debug("4.00 for {}: {}", exchange.getRequest().getSourceContext().getPeerAddress(),
                    e.getMessage());
            respondOnce(exchange, ResponseCode.BAD_REQUEST, e.getMessage());
        } catch (RuntimeException e) {
            LOGGER.error("internal error handling {} {}", exchange.getRequest().getCode(), getURI(), e);
            respondOnce(exchange, ResponseCode.INTERNAL_SERVER_ERROR, "internal server error");
        }
    }

    /** Sends a diagnostic response (RFC 7252 §5.5.2) unless the handler already answered. */
    protected static void respondOnce(Exchange exchange, ResponseCode code, String diagnostic) {
        if (exchange.getResponse() != null) {
            return;
        }
        Response response = new Response(code);
        response.setPayload(diagnostic);
        response.getOptions().setContentFormat(MediaTypeRegistry.TEXT_PLAIN);
        exchange.sendResponse(response);
    }
}
