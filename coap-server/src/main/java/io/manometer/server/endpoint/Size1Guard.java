package io.manometer.server.endpoint;

import org.eclipse.californium.core.coap.Request;
import org.eclipse.californium.core.network.interceptors.MessageInterceptor;

/**
 * Clamps a request's Size1 option (RFC 7959 §4) before Californium's block-wise layer reads it. Size1 is an
 * unsigned 32-bit number, read as a Java int: 4294967295 becomes -1, which the block-wise layer of 4.0.0-M6 takes
 * as a buffer size and fails on with a logged stack trace and a RST, instead of the 4.13 it owes the client. Any
 * Size1 that is negative as an int or above the body limit becomes limit + 1, so the layer answers 4.13 itself.
 * Found by the fuzz harness (case {@code size1-4gib}).
 */
final class Size1Guard implements MessageInterceptor {

    private final int maxBodySize;

    Size1Guard(int maxBodySize) {
        this.maxBodySize = maxBodySize;
    }

    @Override
    public void receiveRequest(Request request) {
        Integer size1 = request.getOptions().getSize1();
        if (size1 != null && (size1 < 0 || size1 > maxBodySize)) {
            request.getOptions().setSize1(maxBodySize + 1);
        }
    }
}
