package io.manometer.server.endpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import org.eclipse.californium.core.coap.CoAP.Code;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.coap.Request;
import org.eclipse.californium.core.coap.Response;
import org.junit.jupiter.api.Test;

class CountingMessageInterceptorTest {

    private final ServerCounters counters = new ServerCounters();
    private final CountingMessageInterceptor interceptor = new CountingMessageInterceptor(counters);

    @Test
    void a_request_the_deduplicator_marked_counts_as_duplicate() {
        Request first = new Request(Code.POST);
        Request again = new Request(Code.POST);
        again.setDuplicate(true);

        interceptor.receiveRequest(first);
        interceptor.receiveRequest(again);

        assertEquals(1, counters.snapshot().requestsReceived());
        assertEquals(1, counters.snapshot().duplicateRequests());
    }

    @Test
    void responses_are_counted_by_code_class() {
        interceptor.sendResponse(new Response(ResponseCode.CREATED));
        interceptor.sendResponse(new Response(ResponseCode.CHANGED));
        interceptor.sendResponse(new Response(ResponseCode.CONTENT));
        interceptor.sendResponse(new Response(ResponseCode.BAD_REQUEST));
        interceptor.sendResponse(new Response(ResponseCode.SERVICE_UNAVAILABLE));

        ServerCounters.Snapshot snapshot = counters.snapshot();
        assertEquals(3, snapshot.responses2xx());
        assertEquals(1, snapshot.responses4xx());
        assertEquals(1, snapshot.responses5xx());
    }

    @Test
    void a_response_sent_again_counts_as_resent_not_twice() {
        Response response = new Response(ResponseCode.CREATED);
        interceptor.sendResponse(response);
        response.setDuplicate(true);

        interceptor.sendResponse(response);

        assertEquals(1, counters.snapshot().responses2xx());
        assertEquals(1, counters.snapshot().responsesResent());
    }

    @Test
    void a_response_that_failed_to_send_is_not_counted() {
        Response response = new Response(ResponseCode.CREATED);
        response.setSendError(new IOException("network down"));

        interceptor.sendResponse(response);

        assertEquals(new ServerCounters().snapshot(), counters.snapshot());
    }
}
