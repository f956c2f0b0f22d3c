package io.manometer.harness.fuzz;

import java.util.Objects;
import java.util.Set;

/**
 * One hostile CoAP message an authenticated peer sends inside its DTLS session.
 *
 * @param group what it abuses ({@code header}, {@code options}, {@code block-wise}, {@code json} ...), a row of the
 *        report
 * @param name what exactly, e.g. {@code token-length-9}
 * @param message the CoAP bytes; the sender overwrites the message id
 * @param badInput whether the message is the client's fault, so that any 5.xx answer is a server bug; controls
 *        (well-formed requests sent for comparison) are not
 * @param allowedServerErrors 5.xx codes a standard demands for this input (RFC 7252 §5.7.2: 5.05 to a proxy
 *        request at a server that is no proxy)
 */
record AbuseCase(String group, String name, byte[] message, boolean badInput, Set<String> allowedServerErrors) {

    AbuseCase {
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(name, "name");
        message = message.clone();
        allowedServerErrors = Set.copyOf(allowedServerErrors);
    }

    static AbuseCase bad(String group, String name, CoapBytes message) {
        return new AbuseCase(group, name, message.bytes(), true, Set.of());
    }

    static AbuseCase control(String group, String name, CoapBytes message) {
        return new AbuseCase(group, name, message.bytes(), false, Set.of());
    }

    /** A copy of the message for one send. */
    @Override
    public byte[] message() {
        return message.clone();
    }

    /** Whether answering {@code code} (e.g. {@code 5.00}) to this message is a server bug. */
    boolean isBug(String code) {
        return badInput && code.startsWith("5.") && !allowedServerErrors.contains(code);
    }
}
