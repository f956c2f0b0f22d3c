package io.manometer.device.cli;

import io.manometer.device.publish.PublishResult;
import io.manometer.device.publish.SessionInfo;
import io.manometer.protocol.PressureReading;
import io.manometer.protocol.json.JsonWriter;
import java.io.PrintStream;
import java.util.Locale;

/**
 * Prints what a device run does, for people (aligned text) or for scripts ({@code --json}: one JSON object per
 * line: the session, each reading, then a summary).
 */
final class ReadingReport {

    private final PrintStream out;
    private final boolean json;

    ReadingReport(PrintStream out, boolean json) {
        this.out = out;
        this.json = json;
    }

    void session(String device, String mode, String server, SessionInfo session) {
        if (json) {
            JsonWriter writer = new JsonWriter().beginObject()
                    .name("event").value("session")
                    .name("device").value(device)
                    .name("mode").value(mode)
                    .name("protocol").value(session.protocol())
                    .name("cipher_suite").value(session.cipherSuite())
                    .name("handshake_ms").rawNumber(decimal(session.handshakeMillis()))
                    .name("flight_retransmissions").value(session.flightRetransmissions())
                    .name("connection_id").rawNumber(Boolean.toString(session.connectionId()))
                    .name("server_identity").beginArray();
            session.serverIdentity().forEach(writer::value);
            out.println(writer.endArray().endObject());
        } else {
            out.printf("connected to %s as %s (%s)%n", server, device, mode);
            out.printf("  protocol      %s%n", session.protocol());
            out.printf("  cipher suite  %s%n", session.cipherSuite());
            for (String line : session.serverIdentity()) {
                out.printf("  server        %s%n", line);
            }
            out.printf("  handshake     %s ms, %d flight retransmission(s), connection id %s%n",
                    decimal(session.handshakeMillis()), session.flightRetransmissions(),
                    session.connectionId() ? "in use" : "not used");
        }
        out.flush();
    }

    void resend(PressureReading reading) {
        if (!json) {
            out.printf("re-sending seq=%d from an earlier run (not acknowledged then)%n", reading.seq());
        }
    }

    void reading(PressureReading reading, PublishResult result) {
        if (json) {
            JsonWriter writer = new JsonWriter().beginObject()
                    .name("seq").value(reading.seq())
                    .name("kPa").value(reading.kPa());
            if (result instanceof PublishResult.Answered answered) {
                writer.name("code").value(answered.code())
                        .name("retransmissions").value(answered.retransmissions())
                        .name("rtt_ms").rawNumber(decimal(answered.rttMillis()));
                if (!answered.diagnostic().isEmpty()) {
                    writer.name("diagnostic").value(answered.diagnostic());
                }
            } else if (result instanceof PublishResult.Failed failed) {
                writer.name("code").value("none")
                        .name("retransmissions").value(failed.retransmissions())
                        .name("error").value(failed.reason());
            }
            out.println(writer.endObject());
        } else if (result instanceof PublishResult.Answered answered) {
            out.printf(Locale.ROOT, "seq=%d kPa=%.3f code=%s retransmissions=%d rtt=%sms%s%n", reading.seq(),
                    reading.kPa(), answered.code(), answered.retransmissions(), decimal(answered.rttMillis()),
                    answered.diagnostic().isEmpty() ? "" : " diagnostic=\"" + answered.diagnostic() + "\"");
        } else if (result instanceof PublishResult.Failed failed) {
            out.printf(Locale.ROOT, "seq=%d kPa=%.3f not acknowledged: %s%n", reading.seq(), reading.kPa(),
                    failed.reason());
        }
        out.flush();
    }

    void summary(int sent, int acknowledged, int retransmissions) {
        if (json) {
            out.println(new JsonWriter().beginObject()
                    .name("event").value("summary")
                    .name("sent").value(sent)
                    .name("acknowledged").value(acknowledged)
                    .name("retransmissions").value(retransmissions)
                    .endObject());
        } else {
            out.printf("%d/%d readings acknowledged, %d retransmission(s)%n", acknowledged, sent, retransmissions);
        }
        out.flush();
    }

    static String decimal(double value) {
        return value < 0 ? "-1" : String.format(Locale.ROOT, "%.1f", value);
    }
}
