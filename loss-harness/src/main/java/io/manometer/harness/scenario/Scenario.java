package io.manometer.harness.scenario;

import io.manometer.credentials.dtls.CredentialMode;
import io.manometer.harness.link.GilbertElliott;
import io.manometer.harness.link.Impairment;
import io.manometer.harness.link.RebindPolicy;
import io.manometer.protocol.ContentFormat;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * One row of the loss matrix: which credential mode, what the link does in each direction, whether the server
 * offers a connection id (RFC 9146) and its anti-replay window (RFC 6347 §4.1.2.6), and how many devices send how
 * many readings under which timers. Immutable; build with {@link #builder(CredentialMode)}.
 *
 * @param mode how every device authenticates
 * @param loss the nominal loss in percent this row stands for (the {@code --loss} value, the chart's x axis)
 * @param up device→server impairment
 * @param down server→device impairment
 * @param rebind NAT rebinding of the link
 * @param cid whether the server offers a DTLS connection id
 * @param antiReplay whether the server's DTLS anti-replay window is on
 * @param format the content format readings are posted in; {@code text/plain} leaves duplicate suppression to the
 *        CoAP deduplicator alone (RFC 7252 §4.5), because the server assigns seq
 * @param devices devices sending concurrently, each with its own DTLS session
 * @param readings readings per device, one in flight at a time
 * @param seed seed of the link's random streams
 * @param timers CoAP and DTLS timers of server and devices
 */
public record Scenario(CredentialMode mode, double loss, Impairment up, Impairment down, RebindPolicy rebind,
        boolean cid, boolean antiReplay, ContentFormat format, int devices, int readings, long seed, Timers timers) {

    public static final int MAX_DEVICES = 1_000;
    public static final int MAX_READINGS = 100_000;

    public Scenario {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(up, "up");
        Objects.requireNonNull(down, "down");
        Objects.requireNonNull(rebind, "rebind");
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(timers, "timers");
        if (!(loss >= 0 && loss <= 100)) {
            throw new IllegalArgumentException("loss must be 0..100 %, got " + loss);
        }
        if (devices < 1 || devices > MAX_DEVICES) {
            throw new IllegalArgumentException("devices must be 1.." + MAX_DEVICES + ", got " + devices);
        }
        if (readings < 1 || readings > MAX_READINGS) {
            throw new IllegalArgumentException("readings must be 1.." + MAX_READINGS + ", got " + readings);
        }
    }

    public static Builder builder(CredentialMode mode) {
        return new Builder(mode);
    }

    /** Effective device→server loss, 0..1, burst loss included ({@link DeliveryModel#effectiveLoss}). */
    public double lossUp() {
        return DeliveryModel.effectiveLoss(up);
    }

    /** Effective server→device loss, 0..1. */
    public double lossDown() {
        return DeliveryModel.effectiveLoss(down);
    }

    /** The model's delivery for an exchange over an established session under this row's loss and timers. */
    public double expectedDelivery() {
        return DeliveryModel.expected(lossUp(), lossDown(), timers.maxRetransmit());
    }

    /** Short form for progress lines, e.g. {@code x509 loss=20% dup=10% rebind=5 cid=off}. */
    public String describe() {
        return describe(true);
    }

    /**
     * What sets this row apart from its loss, e.g. {@code psk} or {@code psk rebind=5 cid=off}: the name of
     * its line in the chart.
     */
    public String variant() {
        return describe(false);
    }

    private String describe(boolean withLoss) {
        List<String> parts = new ArrayList<>(List.of(mode.cliName()));
        add(parts, withLoss, "loss=" + percent(loss) + "%");
        add(parts, withLoss && up.lossPercent() != down.lossPercent(),
                "(up " + percent(up.lossPercent()) + "%, down " + percent(down.lossPercent()) + "%)");
        add(parts, up.burst().enabled(), "burst=" + up.burst());
        add(parts, up.duplicatePercent() > 0, "dup=" + percent(up.duplicatePercent()) + "%");
        add(parts, up.reorderPercent() > 0, "reorder=" + percent(up.reorderPercent()) + "%");
        add(parts, up.replayPercent() > 0, "replay=" + percent(up.replayPercent()) + "%");
        add(parts, !up.scriptedDrops().isEmpty() || !down.scriptedDrops().isEmpty(),
                "drop=up" + up.scriptedDrops() + "/down" + down.scriptedDrops());
        add(parts, rebind.enabled(), "rebind=" + rebind.everyDatagrams());
        add(parts, !cid, "cid=off");
        add(parts, !antiReplay, "anti-replay=off");
        add(parts, format != ContentFormat.JSON, format.shortName());
        return String.join(" ", parts);
    }

    /** {@code 30}, {@code 2.5}: percentages without a needless {@code .0}. */
    static String percent(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : String.format(Locale.ROOT, "%s", value);
    }

    private static void add(List<String> parts, boolean on, String text) {
        if (on) {
            parts.add(text);
        }
    }

    /**
     * Mutable builder. Impairments given here apply to both directions (each still draws from its own stream);
     * {@link #lossUp(double)} and {@link #lossDown(double)} override {@link #loss(double)} per direction. Defaults:
     * a perfect link, CID and anti-replay on, JSON, 1 device, 1 reading, seed 42, {@link Timers#SHORT}.
     */
    public static final class Builder {
        private final CredentialMode mode;
        private double loss;
        private Double lossUp;
        private Double lossDown;
        private final Impairment.Builder both = Impairment.builder();
        private final List<Long> dropUp = new ArrayList<>();
        private final List<Long> dropDown = new ArrayList<>();
        private int rebindEvery;
        private boolean cid = true;
        private boolean antiReplay = true;
        private ContentFormat format = ContentFormat.JSON;
        private int devices = 1;
        private int readings = 1;
        private long seed = 42;
        private Timers timers = Timers.SHORT;

        private Builder(CredentialMode mode) {
            this.mode = mode;
        }

        /** Random loss in both directions, in percent; also the row's nominal loss. */
        public Builder loss(double percent) {
            this.loss = percent;
            return this;
        }

        public Builder lossUp(double percent) {
            this.lossUp = percent;
            return this;
        }

        public Builder lossDown(double percent) {
            this.lossDown = percent;
            return this;
        }

        public Builder burst(GilbertElliott burst) {
            both.burst(burst);
            return this;
        }

        public Builder duplicate(double percent) {
            both.duplicate(percent);
            return this;
        }

        public Builder reorder(double percent) {
            both.reorder(percent);
            return this;
        }

        public Builder replay(double percent) {
            both.replay(percent);
            return this;
        }

        public Builder replayDelay(Duration delay) {
            both.replayDelay(delay);
            return this;
        }

        public Builder delay(Duration delay, Duration jitter) {
            both.delay(delay).jitter(jitter);
            return this;
        }

        /** Drops these 1-based upstream datagrams of every device, e.g. one flight's first datagram. */
        public Builder dropUp(long... indexes) {
            for (long index : indexes) {
                dropUp.add(index);
            }
            return this;
        }

        public Builder dropDown(long... indexes) {
            for (long index : indexes) {
                dropDown.add(index);
            }
            return this;
        }

        /** NAT rebinding after every {@code count} upstream datagrams of a device; 0 = off. */
        public Builder rebindEvery(int count) {
            this.rebindEvery = count;
            return this;
        }

        public Builder cid(boolean on) {
            this.cid = on;
            return this;
        }

        public Builder antiReplay(boolean on) {
            this.antiReplay = on;
            return this;
        }

        public Builder format(ContentFormat format) {
            this.format = format;
            return this;
        }

        public Builder devices(int count) {
            this.devices = count;
            return this;
        }

        public Builder readings(int count) {
            this.readings = count;
            return this;
        }

        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        public Builder timers(Timers timers) {
            this.timers = timers;
            return this;
        }

        /** Validates; a bad value throws {@link IllegalArgumentException} naming it. */
        public Scenario build() {
            Impairment base = both.build();
            Impairment up = base.toBuilder().loss(lossUp == null ? loss : lossUp).scriptedDrops(dropUp).build();
            Impairment down = base.toBuilder().loss(lossDown == null ? loss : lossDown).scriptedDrops(dropDown)
                    .build();
            return new Scenario(mode, loss, up, down, RebindPolicy.everyDatagrams(rebindEvery), cid, antiReplay,
                    format, devices, readings, seed, timers);
        }
    }
}
