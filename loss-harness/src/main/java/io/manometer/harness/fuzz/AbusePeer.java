package io.manometer.harness.fuzz;

import io.manometer.credentials.DeviceCredentials;
import io.manometer.credentials.dtls.CredentialMode;
import io.manometer.credentials.dtls.DeviceDtls;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.californium.elements.AddressEndpointContext;
import org.eclipse.californium.elements.EndpointContext;
import org.eclipse.californium.elements.MessageCallback;
import org.eclipse.californium.elements.RawData;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.scandium.DTLSConnector;
import org.eclipse.californium.scandium.config.DtlsConnectorConfig;

/**
 * An authenticated peer that sends raw CoAP bytes inside a real DTLS session. Californium's CoAP encoder cannot
 * write a reserved option nibble or a 9-byte token, so this talks to Scandium's connector directly and reads the
 * server's answers as bytes. One message is outstanding at a time: an answer is matched by message id (a
 * piggybacked response or a reset) or by token (a separate response), so it is never credited to the wrong case.
 */
final class AbusePeer implements AutoCloseable {

    private record Pending(int mid, byte[] token, CompletableFuture<Reaction> answer) {
    }

    private final DTLSConnector connector;
    private final InetSocketAddress server;
    private final AtomicInteger nextMid;
    private final AtomicInteger nextToken = new AtomicInteger(0x4d000000);
    private final AtomicReference<Pending> pending = new AtomicReference<>();
    private final AtomicLong alerts = new AtomicLong();
    private final AtomicLong unmatched = new AtomicLong();

    private AbusePeer(DTLSConnector connector, InetSocketAddress server, int firstMid) {
        this.connector = connector;
        this.server = server;
        this.nextMid = new AtomicInteger(firstMid);
    }

    /** Binds a client connector for {@code device} (PSK); the handshake happens with the first message. */
    static AbusePeer start(InetSocketAddress server, DeviceCredentials device, Configuration config, int firstMid)
            throws IOException {
        DtlsConnectorConfig.Builder dtls = DtlsConnectorConfig.builder(config)
                .setAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                .setLoggingTag("fuzz-" + device.id().value());
        DeviceDtls.configure(dtls, device, CredentialMode.PSK, Optional.empty());
        DTLSConnector connector = new DTLSConnector(dtls.build());
        AbusePeer peer = new AbusePeer(connector, server, firstMid);
        connector.setAlertHandler((address, alert) -> peer.alerts.incrementAndGet());
        connector.setRawDataReceiver(raw -> peer.received(raw.getBytes()));
        connector.start();
        return peer;
    }

    /** Sends one case and waits up to {@code timeout} for the server's reaction. */
    Reaction exchange(AbuseCase abuse, Duration timeout) throws InterruptedException {
        byte[] message = abuse.message();
        int mid = nextMid.getAndIncrement() & 0xffff;
        CoapBytes.setMessageId(message, mid);
        if ((message[0] & 15) == 4 && message.length >= 8) {
            // a token of its own per send, so a late answer or an Observe notification (a GET case may register
            // one) is never taken for the answer to a later case
            DtlsBytes.putUint(message, 4, 4, nextToken.getAndIncrement());
        }
        Pending waiting = new Pending(message.length >= 4 ? mid : -1, token(message), new CompletableFuture<>());
        pending.set(waiting);
        try {
            connector.send(RawData.outbound(message, new AddressEndpointContext(server), new Callback(waiting),
                    false));
            return waiting.answer().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return Reaction.DROPPED;
        } catch (ExecutionException e) {
            return Reaction.notSent(String.valueOf(e.getCause().getMessage()));
        } catch (IllegalArgumentException e) {
            // RawData refuses more than a DTLS record's 16384 bytes of plaintext (RFC 6347 §4.1)
            return Reaction.notSent(e.getMessage());
        } finally {
            pending.compareAndSet(waiting, null);
        }
    }

    /** DTLS alerts the server sent this peer. */
    long alerts() {
        return alerts.get();
    }

    /** Server messages that matched no outstanding case (late answers, notifications). */
    long unmatched() {
        return unmatched.get();
    }

    private void received(byte[] reply) {
        if (reply.length < 4) {
            unmatched.incrementAndGet();
            return;
        }
        int type = CoapBytes.type(reply);
        int mid = CoapBytes.messageId(reply);
        if (type == CoapBytes.CON) {
            // a separate response wants its ACK (RFC 7252 §5.2.2), or the server retransmits it
            byte[] ack = {(byte) 0x60, 0, reply[2], reply[3]};
            connector.send(RawData.outbound(ack, new AddressEndpointContext(server), null, false));
        }
        Pending waiting = pending.get();
        boolean empty = (reply[1] & 0xff) == 0;
        if (waiting == null) {
            unmatched.incrementAndGet();
        } else if ((type == CoapBytes.ACK || type == CoapBytes.RST) && mid == waiting.mid()) {
            if (type == CoapBytes.RST) {
                waiting.answer().complete(Reaction.RST);
            } else if (!empty) {
                waiting.answer().complete(Reaction.response(CoapBytes.code(reply)));
            }
            // an empty ACK: the response follows separately, keep waiting
        } else if ((type == CoapBytes.CON || type == CoapBytes.NON) && !empty
                && Arrays.equals(token(reply), waiting.token())) {
            waiting.answer().complete(Reaction.response(CoapBytes.code(reply)));
        } else {
            unmatched.incrementAndGet();
        }
    }

    private static byte[] token(byte[] message) {
        int tkl = message.length == 0 ? 0 : message[0] & 15;
        return tkl <= 8 && message.length >= 4 + tkl ? Arrays.copyOfRange(message, 4, 4 + tkl) : new byte[0];
    }

    @Override
    public void close() {
        connector.destroy();
    }

    /** Fails the case when the client's own stack refuses to send it (e.g. too large for one record). */
    private static final class Callback implements MessageCallback {

        private final Pending waiting;

        Callback(Pending waiting) {
            this.waiting = waiting;
        }

        @Override
        public void onConnecting() {
            // the handshake of the first message; nothing to record
        }

        @Override
        public void onDtlsRetransmission(int flight) {
            // the handshake's own business
        }

        @Override
        public void onContextEstablished(EndpointContext context) {
            // the session is ready; the message follows
        }

        @Override
        public void onSent() {
            // now the server's turn
        }

        @Override
        public void onError(Throwable error) {
            waiting.answer().completeExceptionally(error);
        }
    }
}
