package io.manometer.harness.cli;

import io.manometer.cli.Cli;
import io.manometer.cli.CliException;
import io.manometer.credentials.dtls.CredentialMode;
import io.manometer.harness.scenario.Scenario;
import io.manometer.harness.scenario.Timers;
import io.manometer.protocol.ContentFormat;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Turns the {@code matrix} options into the list of scenarios, in the order they run and appear in the report:
 * mode, then CID, then anti-replay, then loss. Every value is checked under the option's own name, so a mistake
 * reads {@code --devices must be 1..1000, got 0}.
 */
final class MatrixOptions {

    private MatrixOptions() {
    }

    static List<Scenario> scenarios(MatrixMain options) {
        List<CredentialMode> modes = modes(options.modes);
        List<Double> losses = new ArrayList<>(new LinkedHashSet<>(options.loss));
        losses.forEach(loss -> ProxyOptions.percent("--loss", loss));
        if (options.rebind < 0) {
            throw new CliException(Cli.USAGE, "--rebind must be 0 (off) or more, got " + options.rebind);
        }
        range("--devices", options.devices, Scenario.MAX_DEVICES);
        range("--readings", options.readings, Scenario.MAX_READINGS);
        ContentFormat format = ContentFormat.fromShortName(options.format).orElseThrow(() -> new CliException(
                Cli.USAGE, "--format must be json, text or senml, got '" + options.format + "'"));
        Timers timers = Timers.byName(options.timers).orElseThrow(() -> new CliException(Cli.USAGE,
                "--timers must be short or rfc, got '" + options.timers + "'"));
        if (options.resumeAfter != null) {
            if (options.resumeAfter.isZero()) {
                throw new CliException(Cli.USAGE, "--resume-after must be greater than 0");
            }
            timers = timers.withResumeAfter(options.resumeAfter);
        }
        MatrixMain.Toggle cid = options.cid != null ? options.cid
                : options.rebind > 0 ? MatrixMain.Toggle.BOTH : MatrixMain.Toggle.ON;
        List<Scenario> scenarios = new ArrayList<>();
        for (CredentialMode mode : modes) {
            for (boolean cidOn : cid.choices()) {
                for (boolean antiReplayOn : options.antiReplay.choices()) {
                    for (double loss : losses) {
                        scenarios.add(scenario(options, mode, loss, cidOn, antiReplayOn, format, timers));
                    }
                }
            }
        }
        return scenarios;
    }

    /** Where row {@code index} is captured, if captures are asked for: {@code DIR/03-x509-loss20.pcapng}. */
    static Optional<Path> capture(Path directory, int index, Scenario scenario) {
        if (directory == null) {
            return Optional.empty();
        }
        String slug = scenario.describe().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-")
                .replaceAll("(^-|-$)", "");
        return Optional.of(directory.resolve(String.format(Locale.ROOT, "%02d-%s.pcapng", index + 1, slug)));
    }

    private static Scenario scenario(MatrixMain options, CredentialMode mode, double loss, boolean cid,
            boolean antiReplay, ContentFormat format, Timers timers) {
        Scenario.Builder builder = Scenario.builder(mode).loss(loss)
                .burst(ProxyOptions.burst(options.burst))
                .duplicate(ProxyOptions.percent("--dup", options.duplicate))
                .reorder(ProxyOptions.percent("--reorder", options.reorder))
                .replay(ProxyOptions.percent("--replay", options.replay))
                .replayDelay(options.replayDelay)
                .delay(options.delay, options.jitter)
                .rebindEvery(options.rebind).cid(cid).antiReplay(antiReplay).format(format)
                .devices(options.devices).readings(options.readings).seed(options.seed).timers(timers);
        if (options.lossUp != null) {
            builder.lossUp(ProxyOptions.percent("--loss-up", options.lossUp));
        }
        if (options.lossDown != null) {
            builder.lossDown(ProxyOptions.percent("--loss-down", options.lossDown));
        }
        try {
            return builder.build();
        } catch (IllegalArgumentException e) {
            throw new CliException(Cli.USAGE, e.getMessage());
        }
    }

    private static List<CredentialMode> modes(List<String> names) {
        Set<CredentialMode> modes = new LinkedHashSet<>();
        for (String name : names) {
            modes.add(CredentialMode.fromCliName(name.trim()).orElseThrow(() -> new CliException(Cli.USAGE,
                    "--modes: unknown mode '" + name + "' (known: " + CredentialMode.cliNames() + ")")));
        }
        return List.copyOf(modes);
    }

    private static void range(String option, int value, int max) {
        if (value < 1 || value > max) {
            throw new CliException(Cli.USAGE, option + " must be 1.." + max + ", got " + value);
        }
    }
}
