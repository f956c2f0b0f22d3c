package io.manometer.harness.compare;

import io.manometer.credentials.CredentialsException;
import io.manometer.credentials.dtls.CredentialMode;
import io.manometer.harness.compare.CompareResult.KnobRow;
import io.manometer.harness.compare.CompareResult.Step;
import io.manometer.harness.link.Impairment;
import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Measures what each {@link Knob} does to every mode's handshake, one knob at a time from Manometer's defaults to
 * the lean profile, then each knob lean leaves out on top of lean, then the lean device against the default server
 * (the interoperability case). One handshake per step and mode is enough: sizes are deterministic
 * ({@link HandshakeTrace#normalisedBytes()}).
 */
final class KnobSweep {

    private KnobSweep() {
    }

    static List<KnobRow> run(BenchCredentials credentials, List<CredentialMode> modes, long seed,
            Consumer<String> progress) throws IOException, CredentialsException, InterruptedException {
        List<KnobRow> rows = new ArrayList<>();
        rows.add(row(credentials, modes, seed, Step.DEFAULT, "default", Optional.empty(), Profile.DEFAULT,
                Profile.DEFAULT));
        Profile profile = Profile.DEFAULT;
        List<Knob> lean = Knob.lean().stream().toList();
        for (int i = 0; i < lean.size(); i++) {
            Knob knob = lean.get(i);
            profile = profile.with(knob);
            boolean last = i == lean.size() - 1;
            rows.add(row(credentials, modes, seed, last ? Step.LEAN : Step.KNOB,
                    "+ " + knob.title() + (last ? " (= lean)" : ""), Optional.of(knob), profile, profile));
        }
        for (Knob knob : Knob.values()) {
            if (!knob.inLean()) {
                Profile beyond = Profile.LEAN.with(knob);
                rows.add(row(credentials, modes, seed, Step.BEYOND_LEAN, "lean + " + knob.title(), Optional.of(knob),
                        beyond, beyond));
            }
        }
        rows.add(row(credentials, modes, seed, Step.LEAN_DEVICE_DEFAULT_SERVER, "lean device, default server",
                Optional.empty(), Profile.DEFAULT, Profile.LEAN));
        progress.accept("knob sweep: " + rows.size() + " configurations x " + modes.size() + " modes measured");
        return rows;
    }

    private static KnobRow row(BenchCredentials credentials, List<CredentialMode> modes, long seed, Step step,
            String label, Optional<Knob> knob, Profile server, Profile device)
            throws IOException, CredentialsException, InterruptedException {
        Map<CredentialMode, HandshakeTrace> traces = new EnumMap<>(CredentialMode.class);
        try (BenchServer bench = BenchServer.start(credentials, server);
                BenchLink link = BenchLink.start(bench, Impairment.NONE, seed)) {
            for (CredentialMode mode : modes) {
                traces.put(mode, HandshakeProbe.sample(bench, link, credentials, mode, device, false).trace());
            }
        }
        return new KnobRow(step, label, knob, traces);
    }
}
