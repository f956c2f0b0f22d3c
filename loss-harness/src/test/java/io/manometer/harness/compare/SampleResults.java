package io.manometer.harness.compare;

import io.manometer.credentials.dtls.CredentialMode;
import io.manometer.harness.compare.CompareResult.Impaired;
import io.manometer.harness.compare.CompareResult.KnobRow;
import io.manometer.harness.compare.CompareResult.Loopback;
import io.manometer.harness.compare.CompareResult.Minimum;
import io.manometer.harness.compare.CompareResult.Mode;
import io.manometer.harness.compare.CompareResult.Resumption;
import io.manometer.harness.compare.CompareResult.Step;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/** A small, made-up comparison result for the writers' tests: two modes, every phase present. */
final class SampleResults {

    private SampleResults() {
    }

    static CompareResult twoModes() {
        List<CredentialMode> modes = List.of(CredentialMode.PSK, CredentialMode.RPK);
        HandshakeTrace trace = HandshakeTrace.of(List.of(Wire.up(Wire.record(DtlsRecord.HANDSHAKE, 0, 0,
                Wire.message(HandshakeMessage.CLIENT_HELLO, Wire.hex(HandshakeMessageTest.PSK_CLIENT_HELLO)))),
                Wire.down(Wire.record(DtlsRecord.HANDSHAKE, 0, 0, Wire.message(HandshakeMessage.SERVER_HELLO_DONE,
                        new byte[0]))), Wire.up(Wire.record(DtlsRecord.APPLICATION_DATA, 1, 1, new byte[46]))), 0, 0);
        Loopback loopback = new Loopback(50, trace, 100, 110, 4.25, 9.5, 1.5, 2.25,
                Optional.of(new Resumption(true, trace, 3.0, 6.0)), 66, 59, 41);
        Impaired rtt = new Impaired("rtt 100 ms", 50, 50, 320.0, 410.0, 0);
        Impaired loss = new Impaired("loss loss=20%", 50, 49, 2100.0, 9000.0, 1.75);
        CompareRun.Options options = new CompareRun.Options(modes, 50, 20, Profile.DEFAULT,
                Optional.of(Duration.ofMillis(100)), OptionalDouble.of(20), 42, Duration.ofSeconds(5), 8);
        RfcMinimum.Inputs inputs = new RfcMinimum.Inputs(5, List.of(548), List.of(491));
        Map<CredentialMode, Minimum> minima = Map.of(
                CredentialMode.PSK, new Minimum(RfcMinimum.of(CredentialMode.PSK, false, inputs),
                        RfcMinimum.of(CredentialMode.PSK, true, inputs)),
                CredentialMode.RPK, new Minimum(RfcMinimum.of(CredentialMode.RPK, false, inputs),
                        RfcMinimum.of(CredentialMode.RPK, true, inputs)));
        Map<CredentialMode, HandshakeTrace> traces = Map.of(CredentialMode.PSK, trace, CredentialMode.RPK, trace);
        List<KnobRow> sweep = List.of(new KnobRow(Step.DEFAULT, "default", Optional.empty(), traces),
                new KnobRow(Step.LEAN, "+ one cipher suite offered (= lean)", Optional.of(Knob.ONE_CIPHER_SUITE),
                        traces),
                new KnobRow(Step.BEYOND_LEAN, "lean + no HelloVerifyRequest",
                        Optional.of(Knob.NO_HELLO_VERIFY_REQUEST), traces));
        List<Provisioning.Row> provisioning = List.of(new Provisioning.Row(CredentialMode.PSK, 37, "PSK 32 B",
                "the PSK", "no", "server table", "delete .psk"));
        return new CompareResult(options, List.of(
                new Mode(CredentialMode.PSK, loopback, Optional.of(rtt), Optional.of(loss),
                        Optional.of(new CompareResult.Saturated(600, 0.5))),
                new Mode(CredentialMode.RPK, loopback, Optional.of(rtt), Optional.of(loss), Optional.empty())),
                sweep, minima, provisioning, 2);
    }
}
