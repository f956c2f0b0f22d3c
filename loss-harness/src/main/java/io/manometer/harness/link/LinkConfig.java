package io.manometer.harness.link;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything an {@link ImpairedLink} needs: where devices send, where the server listens, what each direction does,
 * the seed that makes it repeatable, NAT rebinding and the optional capture file. Immutable.
 *
 * @param listen where devices send to; port 0 picks a free port ({@link ImpairedLink#address()} tells which)
 * @param target the server
 * @param up device→server impairment
 * @param down server→device impairment
 * @param seed the seed every flow's random streams derive from ({@link ImpairmentPolicy#streamSeed})
 * @param rebind NAT rebinding, {@link RebindPolicy#OFF} by default
 * @param pcap when present, a pcapng file of everything forwarded and dropped
 */
public record LinkConfig(InetSocketAddress listen, InetSocketAddress target, Impairment up, Impairment down,
        long seed, RebindPolicy rebind, Optional<Path> pcap) {

    public static final long DEFAULT_SEED = 42;

    public LinkConfig {
        Objects.requireNonNull(listen, "listen");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(up, "up");
        Objects.requireNonNull(down, "down");
        Objects.requireNonNull(rebind, "rebind");
        Objects.requireNonNull(pcap, "pcap");
        if (listen.isUnresolved() || target.isUnresolved()) {
            throw new IllegalArgumentException("listen and target must be resolved addresses");
        }
        if (target.getPort() == 0) {
            throw new IllegalArgumentException("target needs a port");
        }
    }

    public static Builder builder(InetSocketAddress listen, InetSocketAddress target) {
        return new Builder(listen, target);
    }

    /** Impairment of one direction. */
    public Impairment impairment(Direction direction) {
        return direction == Direction.UP ? up : down;
    }

    /** Mutable builder: both directions perfect, seed {@value #DEFAULT_SEED}, no rebinding, no capture. */
    public static final class Builder {
        private final InetSocketAddress listen;
        private final InetSocketAddress target;
        private Impairment up = Impairment.NONE;
        private Impairment down = Impairment.NONE;
        private long seed = DEFAULT_SEED;
        private RebindPolicy rebind = RebindPolicy.OFF;
        private Optional<Path> pcap = Optional.empty();

        private Builder(InetSocketAddress listen, InetSocketAddress target) {
            this.listen = listen;
            this.target = target;
        }

        public Builder up(Impairment impairment) {
            this.up = impairment;
            return this;
        }

        public Builder down(Impairment impairment) {
            this.down = impairment;
            return this;
        }

        /** The same impairment in both directions (each still draws from its own random stream). */
        public Builder both(Impairment impairment) {
            return up(impairment).down(impairment);
        }

        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        public Builder rebind(RebindPolicy rebind) {
            this.rebind = rebind;
            return this;
        }

        public Builder pcap(Path file) {
            this.pcap = Optional.of(file);
            return this;
        }

        public LinkConfig build() {
            return new LinkConfig(listen, target, up, down, seed, rebind, pcap);
        }
    }
}
