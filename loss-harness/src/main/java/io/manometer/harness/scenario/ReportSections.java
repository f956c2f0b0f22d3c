package io.manometer.harness.scenario;

import java.util.List;
import java.util.Locale;
import java.util.function.ToLongFunction;

/**
 * The explanatory sections of {@code report.md}: NAT rebinding with and without a connection id, anti-replay at
 * both layers, and how to read the numbers. Each explanation quotes the measured counters, so it cannot claim
 * what the run did not show.
 */
final class ReportSections {

    private ReportSections() {
    }

    static void rebinding(StringBuilder md, List<ScenarioResult> results) {
        md.append("## NAT rebinding (connection id on vs off)\n\n");
        List<ScenarioResult> rows = results.stream().filter(r -> r.scenario().rebind().enabled()).toList();
        if (rows.isEmpty()) {
            md.append("Not part of this run. `--rebind K` gives each device a new source port after every K upstream"
                    + " datagrams, as a NAT that forgets mappings does, and runs each mode with the connection id on"
                    + " and off.\n\n");
            return;
        }
        md.append("| mode | loss % | CID | delivery | acked / sent | timeouts | handshakes per device | rebinds |"
                + " lost to rebinding | dropped at server |\n|---|--:|:-:|--:|--:|--:|--:|--:|--:|--:|\n");
        for (ScenarioResult r : rows) {
            md.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %d / %d | %d | %.1f | %d | %d | %d |%n",
                    r.scenario().mode().cliName(), MatrixReport.loss(r.scenario()), r.scenario().cid() ? "on" : "off",
                    ResultsCsv.fraction(r.delivery()), r.readings().acked(), r.readings().overSession(),
                    r.readings().timeouts(), perDevice(r), r.link().rebinds(), r.link().lostToRebinding(),
                    r.server().recordsDropped()));
        }
        md.append('\n');
        List<ScenarioResult> on = rows.stream().filter(r -> r.scenario().cid()).toList();
        List<ScenarioResult> off = rows.stream().filter(r -> !r.scenario().cid()).toList();
        if (!on.isEmpty()) {
            md.append(String.format(Locale.ROOT, "**With a connection id** (RFC 9146) the server finds a session by"
                    + " the id in each record, whatever the source port, and moves it to the new address once the"
                    + " record's MAC checks out: %d port changes, delivery %s, %.1f handshakes per device.%n%n",
                    sum(on, r -> r.link().rebinds()), delivery(on), handshakesPerDevice(on)));
        }
        if (!off.isEmpty()) {
            double handshakes = handshakesPerDevice(off);
            md.append(String.format(Locale.ROOT, "**Without it** the server finds sessions by address. After a"
                    + " device's first port change its records come from an address with no session and are dropped"
                    + " (%d datagrams dropped at the server); nothing tells the device, its requests time out (%d"
                    + " timeouts) and delivery falls to %s. Handshakes per device: %.1f: ",
                    sum(off, r -> r.server().recordsDropped()), sum(off, r -> r.readings().timeouts()),
                    delivery(off), handshakes));
            md.append(handshakes <= 1.0
                    ? "the Californium client never starts a new handshake by itself, so a device stays cut off"
                    + " until something makes it handshake again (`--resume-after 1s` lets devices resume a session"
                    + " after a second without an answer).\n\n"
                    : "devices resumed their session after silence (`--resume-after`), which restores delivery"
                    + " between port changes at the price of extra handshakes; a port change in the middle of a"
                    + " handshake still breaks it.\n\n");
        }
    }

    static void antiReplay(StringBuilder md, List<ScenarioResult> results) {
        md.append("## Anti-replay, both layers\n\n");
        List<ScenarioResult> rows = results.stream().filter(r -> r.scenario().up().replayPercent() > 0
                || r.scenario().up().duplicatePercent() > 0).toList();
        if (rows.isEmpty()) {
            md.append("Not part of this run. `--replay P --dup P --anti-replay both --format text` shows what the"
                    + " DTLS window drops and what the CoAP deduplicator catches when the window is off.\n\n");
            return;
        }
        md.append("| mode | loss % | anti-replay | format | replays injected up | duplicated up | dropped by DTLS"
                + " window | passed to CoAP | CoAP duplicates | stored twice |\n"
                + "|---|--:|:-:|---|--:|--:|--:|--:|--:|--:|\n");
        for (ScenarioResult r : rows) {
            md.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %d | %d | %d | %d | %d | %d |%n",
                    r.scenario().mode().cliName(), MatrixReport.loss(r.scenario()),
                    r.scenario().antiReplay() ? "on" : "off", r.scenario().format().shortName(),
                    r.link().up().replayed(), r.link().up().duplicated(), r.server().replayedRecordsDropped(),
                    r.server().replayedRecordsAccepted(), r.server().duplicateRequests(),
                    r.readings().duplicatesStored()));
        }
        md.append('\n');
        List<ScenarioResult> on = rows.stream().filter(r -> r.scenario().antiReplay()).toList();
        List<ScenarioResult> off = rows.stream().filter(r -> !r.scenario().antiReplay()).toList();
        if (!on.isEmpty()) {
            md.append(String.format(Locale.ROOT, "**Window on:** the DTLS layer dropped %d records it had already"
                    + " received (RFC 6347 §4.1.2.6; the link's duplicates are byte-identical copies too, so the"
                    + " count includes them), before CoAP could see them. The %d CoAP duplicates left are"
                    + " retransmissions of requests whose response was lost: new records, rightly passed.%n%n",
                    sum(on, r -> r.server().replayedRecordsDropped()), sum(on, r -> r.server().duplicateRequests())));
        }
        if (!off.isEmpty()) {
            md.append(String.format(Locale.ROOT, "**Window off** (`DTLS.USE_ANTI_REPLAY_FILTER=false`): %d replayed"
                    + " records were decrypted and passed on; CoAP's deduplicator recognised %d requests by message"
                    + " id (RFC 7252 §4.5) and answered them from its exchange store instead of the resource. Stored"
                    + " twice: %d.%n%n", sum(off, r -> r.server().replayedRecordsAccepted()),
                    sum(off, r -> r.server().duplicateRequests()), sum(off, r -> r.readings().duplicatesStored())));
        } else {
            md.append("Add `--anti-replay both` to see the CoAP layer on its own.\n\n");
        }
        md.append("Why `text/plain` for these rows: a text reading carries no seq, the server assigns one, so nothing"
                + " but the CoAP deduplicator stands between a replayed POST and a second row. With JSON the"
                + " `(device, seq)` key would also catch it (answered 2.04) and hide a deduplicator failure. The"
                + " deduplicator remembers a request for EXCHANGE_LIFETIME (247 s by default); a replay later than"
                + " that, with the window off, would be stored twice. The window has no such horizon.\n\n");
    }

    static void howToRead(StringBuilder md) {
        md.append("## How to read this\n\n");
        md.append("- **delivery** is acknowledged / sent over an established session; **expected** is the model's"
                + " value for the row's loss and MAX_RETRANSMIT. ✓ means the model lies inside the measured 95 %"
                + " interval; with few readings the interval is wide and agreement is cheap.\n");
        md.append("- **stored twice** and **acked, not stored** must be 0 in every row: they are the server's two"
                + " promises. More rows stored than acknowledged is normal: the reading arrived, its last response"
                + " was lost, and the device was told nothing.\n");
        md.append("- **latency** runs from the publish call to the acknowledgement, retransmission waits included;"
                + " each device's first reading also carries its handshake. Under loss the median jumps by one"
                + " ACK_TIMEOUT as soon as fewer than half the first transmissions get through.\n");
        md.append("- **handshakes ok** is completed / started on the devices; a failed handshake costs one reading"
                + " (`no session`, outside the model) and the next reading tries again. **DTLS rtx** counts the"
                + " devices' flight retransmissions, **CoAP rtx** their request retransmissions.\n");
        md.append("- Misses have causes the model leaves out: correlated (burst) loss, a session lost to NAT"
                + " rebinding without a connection id, or responses slower than ACK_TIMEOUT.\n");
        md.append("- The same seed gives the same link decisions for the same traffic; timing can still shift a"
                + " retransmission by one datagram, so a re-run may differ by a reading or two. Every row uses the"
                + " seed, and every mode's handshake is three datagrams each way, so modes at the same loss usually"
                + " see exactly the same losses: equal delivery across modes is by design (common random numbers),"
                + " and the modes differ in handshake time and bytes (`link_bytes_up/down` in the CSV), not luck.\n");
    }

    /** One sentence on the likely cause of the model's misses. */
    static String missHint(List<ScenarioResult> misses) {
        if (misses.stream().anyMatch(r -> r.scenario().rebind().enabled() && !r.scenario().cid())) {
            return "Rows with NAT rebinding and no connection id lose their session, which the model does not"
                    + " cover.";
        }
        if (misses.stream().anyMatch(r -> r.scenario().up().burst().enabled())) {
            return "Burst loss correlates the losses of a request's transmissions; the model assumes independence"
                    + " and over-estimates delivery.";
        }
        boolean below = misses.stream().allMatch(r -> r.delivery() < r.expectedDelivery());
        return below ? "Measured below the model: look for lost sessions (timeouts after rebinding) or responses"
                + " slower than ACK_TIMEOUT." : "Measured above the model: a 95 % interval misses about 1 row in 20"
                + " by chance; re-run with more readings or another seed.";
    }

    private static String delivery(List<ScenarioResult> rows) {
        long acked = sum(rows, r -> r.readings().acked());
        long sent = sum(rows, r -> r.readings().overSession());
        return sent == 0 ? "n/a" : String.format(Locale.ROOT, "%.3f (%d of %d)", (double) acked / sent, acked,
                sent);
    }

    private static double handshakesPerDevice(List<ScenarioResult> rows) {
        long devices = sum(rows, r -> r.scenario().devices());
        return devices == 0 ? 0 : (double) sum(rows, r -> r.handshakes().succeeded()) / devices;
    }

    private static double perDevice(ScenarioResult r) {
        return (double) r.handshakes().succeeded() / r.scenario().devices();
    }

    private static long sum(List<ScenarioResult> rows, ToLongFunction<ScenarioResult> value) {
        return rows.stream().mapToLong(value).sum();
    }
}
