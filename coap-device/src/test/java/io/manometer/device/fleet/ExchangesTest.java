package io.manometer.device.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.manometer.device.fleet.Exchanges.Purpose;
import io.manometer.device.publish.PublishResult;
import io.manometer.device.publish.PublishResult.FailureKind;
import org.junit.jupiter.api.Test;

class ExchangesTest {

    @Test
    void a_refused_or_unanswered_handshake_counts_as_a_handshake_failure() {
        assertEquals(FailureCause.HANDSHAKE, cause(Purpose.READING, FailureKind.HANDSHAKE_REJECTED, false));
        assertEquals(FailureCause.HANDSHAKE, cause(Purpose.HANDSHAKE_READING, FailureKind.UNREACHABLE, false));
    }

    @Test
    void a_coap_timeout_is_a_timeout_except_while_connecting() {
        assertEquals(FailureCause.TIMEOUT, cause(Purpose.READING, FailureKind.TIMEOUT, false));
        assertEquals(FailureCause.HANDSHAKE, cause(Purpose.CONNECT, FailureKind.TIMEOUT, false));
        assertEquals(FailureCause.LOCAL, cause(Purpose.READING, FailureKind.LOCAL_ERROR, false));
    }

    @Test
    void a_request_cancelled_at_the_end_of_the_drain_is_unfinished_and_a_cancelled_connect_a_failed_handshake() {
        assertEquals(FailureCause.UNFINISHED, cause(Purpose.READING, FailureKind.LOCAL_ERROR, true));
        assertEquals(FailureCause.UNFINISHED, cause(Purpose.HANDSHAKE_READING, FailureKind.LOCAL_ERROR, true));
        assertEquals(FailureCause.HANDSHAKE, cause(Purpose.CONNECT, FailureKind.LOCAL_ERROR, true));
    }

    @Test
    void every_cause_has_a_snake_case_key() {
        assertEquals("rejected_4xx", FailureCause.REJECTED_4XX.key());
        assertEquals("not_connected", FailureCause.NOT_CONNECTED.key());
    }

    private static FailureCause cause(Purpose purpose, FailureKind kind, boolean abandoned) {
        return Exchanges.cause(purpose, new PublishResult.Failed("reason", kind, 0), abandoned);
    }
}
