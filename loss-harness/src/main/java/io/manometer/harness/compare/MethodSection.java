package io.manometer.harness.compare;

import io.manometer.credentials.dtls.CredentialMode;

/** How the report's numbers were obtained, and the RFC minimum derivations: the part a reviewer checks first. */
final class MethodSection {

    private MethodSection() {
    }

    static String write(CompareResult result) {
        StringBuilder md = new StringBuilder("## Method\n\n");
        md.append("- **Setup.** The real Manometer server (all four modes on one port, in-memory store) and real"
                + " devices (`ReadingPublisher`) in one JVM on 127.0.0.1, with the loss-harness link between them."
                + " Credentials are issued for the run from the seed: CA, server (`CN=manometer-server`, SAN"
                + " localhost, 127.0.0.1, ::1) and one device `dev-1`.\n");
        md.append("- **Fresh device.** Every handshake is a new `ReadingPublisher`: new DTLS connector and port, new"
                + " client random, empty session cache. Its first CoAP POST triggers the full handshake.\n");
        md.append("- **What counts as handshake.** The link reports every datagram it forwards; the DTLS record"
                + " headers are read in the clear. Handshake and change_cipher_spec records count, and the first"
                + " record after a change_cipher_spec in the same direction (the encrypted Finished). So the count"
                + " runs up to and including the server's Finished flight; the POST and its response are"
                + " application records and do not count, even when they share a datagram with the handshake."
                + " A flight is a run of handshake datagrams in one direction.\n");
        md.append("- **Determinism.** For a given configuration the bytes are fixed except for ECDSA signatures,"
                + " whose DER encoding is 70, 71 or 72 bytes; *normalised* sizes count each signature (in"
                + " ServerKeyExchange, CertificateVerify and inside certificates) at 71 bytes and are exact.\n");
        md.append("- **Time.** From handing the request to the device's CoAP stack to the moment Scandium sends it,"
                + " which it does as soon as the handshake is complete (`MessageObserver.onSent`).\n");
        md.append("- **CPU.** `ThreadMXBean` thread CPU time of Scandium's connector threads, told apart by name"
                + " (`DTLS-Receiver-`/`DTLS-Worker-` and the bound address): the server's threads and the device's,"
                + " before the device starts and after its reading was answered, one device at a time. The device"
                + " runs one receiver and one worker thread. CoAP threads are not counted.\n");
        md.append("- **Resumption.** After its first reading, each device sends a second one with Scandium's"
                + " `DTLS_HANDSHAKE_MODE=force`, which resumes the session (abbreviated handshake) when the server"
                + " gave a session id, and runs a full handshake otherwise.\n");
        md.append("- **RTT and loss.** The same fresh devices over a link with half the RTT of delay each way, or"
                + " with seeded random loss each way; several devices at once, since they mostly wait for the"
                + " network or their retransmission timers. Completed = the request could be sent within "
                + CompareRun.IMPAIRED_BOUND.toSeconds() + " s.\n");
        md.append("- **Saturation.** Devices repeat full handshakes (`DTLS_HANDSHAKE_MODE=full`: new random, new"
                + " ECDHE keys, full verification) and the server counts completed handshakes. Devices and server"
                + " share the machine, so the measured rate is a lower bound.\n\n");
        md.append("### RFC minimum, message by message\n\n");
        for (CredentialMode mode : CompareReport.modes(result)) {
            md.append("**").append(mode.cliName()).append("**\n\n").append(ByteBreakdown.derivation(result, mode))
                    .append('\n');
        }
        return md.toString();
    }
}
