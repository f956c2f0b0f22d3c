package io.manometer.harness.link;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * When the link, acting as a NAT, gives a device a new public source port. Home routers and NB-IoT carriers drop
 * idle UDP mappings after tens of seconds, so the server suddenly sees the same device from a new address: with
 * DTLS Connection ID (RFC 9146) the session survives, without it the server cannot find the session any more.
 *
 * @param everyDatagrams move to a new port after this many upstream datagrams of a device; 0 = never
 * @param afterIdle forget the mapping when a device's flow has been idle (no datagram in either direction) this
 *        long; datagrams the server then sends to the old port are lost; {@link Duration#ZERO} = never
 */
public record RebindPolicy(int everyDatagrams, Duration afterIdle) {

    /** No rebinding: each device keeps one upstream port for the link's lifetime. */
    public static final RebindPolicy OFF = new RebindPolicy(0, Duration.ZERO);

    public RebindPolicy {
        if (everyDatagrams < 0) {
            throw new IllegalArgumentException("rebind every must be 0 (off) or a number of datagrams, got "
                    + everyDatagrams);
        }
        Objects.requireNonNull(afterIdle, "afterIdle");
        if (afterIdle.isNegative()) {
            throw new IllegalArgumentException("rebind idle time must not be negative, got " + afterIdle);
        }
    }

    public static RebindPolicy everyDatagrams(int count) {
        return new RebindPolicy(count, Duration.ZERO);
    }

    public static RebindPolicy afterIdle(Duration idle) {
        return new RebindPolicy(0, idle);
    }

    public boolean enabled() {
        return everyDatagrams > 0 || !afterIdle.isZero();
    }

    /** Short form for startup lines, e.g. {@code every=5 idle=30000ms}, or {@code off}. */
    public String describe() {
        List<String> parts = new ArrayList<>();
        if (everyDatagrams > 0) {
            parts.add("every=" + everyDatagrams);
        }
        if (!afterIdle.isZero()) {
            parts.add("idle=" + afterIdle.toMillis() + "ms");
        }
        return parts.isEmpty() ? "off" : String.join(" ", parts);
    }
}
