package io.manometer.harness.cli;

import io.manometer.cli.Cli;
import io.manometer.cli.CliException;
import io.manometer.cli.PercentConverter;
import io.manometer.harness.link.GilbertElliott;
import io.manometer.harness.link.Impairment;
import io.manometer.harness.link.LinkConfig;
import io.manometer.harness.link.RebindPolicy;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Turns the {@code proxy} options into a {@link LinkConfig}, checking each value under the name of the option the
 * user typed, so a mistake reads {@code --loss-up must be 0..100, got 120} rather than a field name.
 */
final class ProxyOptions {

    private ProxyOptions() {
    }

    static LinkConfig config(ProxyMain options) {
        if (options.mtu < 0 || options.mtu > Impairment.MAX_UDP_PAYLOAD) {
            throw new CliException(Cli.USAGE, "--mtu must be 1.." + Impairment.MAX_UDP_PAYLOAD + " bytes (0 = no"
                    + " limit), got " + options.mtu);
        }
        if (options.rebindEvery < 0) {
            throw new CliException(Cli.USAGE, "--rebind-every must be 0 (off) or more, got " + options.rebindEvery);
        }
        Impairment base = build("impairment", () -> Impairment.builder()
                .burst(burst(options.burst))
                .duplicate(percent("--dup", options.duplicate))
                .reorder(percent("--reorder", options.reorder))
                .reorderMaxHold(options.reorderHold)
                .delay(options.delay)
                .jitter(options.jitter)
                .mtu(options.mtu)
                .replay(percent("--replay", options.replay))
                .replayDelay(options.replayDelay)
                .build());
        double loss = percent("--loss", options.loss);
        Impairment up = build("--drop-up", () -> base.toBuilder()
                .loss(percent("--loss-up", Optional.ofNullable(options.lossUp).orElse(loss)))
                .scriptedDrops(options.dropUp).build());
        Impairment down = build("--drop-down", () -> base.toBuilder()
                .loss(percent("--loss-down", Optional.ofNullable(options.lossDown).orElse(loss)))
                .scriptedDrops(options.dropDown).build());
        RebindPolicy rebind = new RebindPolicy(options.rebindEvery, options.rebindIdle);
        LinkConfig.Builder builder = LinkConfig.builder(HostPort.parse("--listen", options.listen),
                HostPort.parse("--target", options.target)).up(up).down(down).seed(options.seed).rebind(rebind);
        if (options.pcap != null) {
            builder.pcap(options.pcap);
        }
        return build("--target", builder::build);
    }

    /** {@code P_GB,P_BG[,LOSS_BAD]} in percent. */
    static GilbertElliott burst(String text) {
        if (text == null) {
            return GilbertElliott.OFF;
        }
        String[] parts = text.split(",", -1);
        if (parts.length < 2 || parts.length > 3) {
            throw new CliException(Cli.USAGE, "--burst: expected P_GB,P_BG[,LOSS_BAD] in percent, e.g. 1,25 or"
                    + " 1,25,80; got '" + text + "'");
        }
        double goodToBad = percent("--burst P_GB", parse(parts[0]));
        double badToGood = percent("--burst P_BG", parse(parts[1]));
        double lossInBad = parts.length == 3 ? percent("--burst LOSS_BAD", parse(parts[2])) : 100;
        if (goodToBad > 0 && badToGood == 0) {
            throw new CliException(Cli.USAGE, "--burst P_BG must be greater than 0, or the first burst never ends");
        }
        return new GilbertElliott(goodToBad, badToGood, lossInBad);
    }

    static double percent(String option, double value) {
        return PercentConverter.checked(option, value);
    }

    private static double parse(String text) {
        try {
            return new PercentConverter().convert(text);
        } catch (RuntimeException e) {
            throw new CliException(Cli.USAGE, "--burst: '" + text + "' is not a percentage");
        }
    }

    private static <T> T build(String options, Supplier<T> supplier) {
        try {
            return supplier.get();
        } catch (IllegalArgumentException e) {
            throw new CliException(Cli.USAGE, options + ": " + e.getMessage());
        }
    }
}
