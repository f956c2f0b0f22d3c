package io.manometer.harness.capture;

import io.manometer.credentials.CredentialsLayout;
import io.manometer.credentials.dtls.CredentialMode;
import io.manometer.device.publish.PublisherCounters;
import io.manometer.harness.link.LinkCounters;
import io.manometer.protocol.DeviceId;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a capture session produced: the files, the negotiated suite, every reading with its exact payload and
 * outcome, and what the link and the device counted. {@link DecryptCommands} turns it into the commands users run.
 *
 * @param mode the credential mode
 * @param cipherSuite the suite the session negotiated, or {@code ?} when no handshake completed
 * @param server the server's address, whose port is the one to decode as DTLS
 * @param capture the link's capture (pcapng, whatever its name says)
 * @param keyLog the key log (NSS format) that decrypts it
 * @param keyLogSide {@code server} or {@code device}: who wrote the key log
 * @param loopback the {@code dumpcap} capture of the same hop, when one was made
 * @param credentials the credentials folder used
 * @param device the device id, whose {@code .psk} decrypts a psk capture without the key log
 * @param exchanges every reading, in the order sent
 * @param link the link's counters at the end
 * @param deviceCounters the device's counters at the end
 * @param notes one line each: the suite choice, the loopback capture's fate
 */
public record CaptureReport(CredentialMode mode, String cipherSuite, InetSocketAddress server, Path capture,
        Path keyLog, String keyLogSide, Optional<Path> loopback, Path credentials, DeviceId device,
        List<Exchange> exchanges, LinkCounters link, PublisherCounters deviceCounters, List<String> notes) {

    public CaptureReport {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(cipherSuite, "cipherSuite");
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(loopback, "loopback");
        exchanges = List.copyOf(exchanges);
        notes = List.copyOf(notes);
    }

    public long acknowledged() {
        return exchanges.stream().filter(Exchange::acknowledged).count();
    }

    public boolean allAcknowledged() {
        return acknowledged() == exchanges.size();
    }

    /** The PSK file that decrypts a plain-PSK capture without the key log ({@code -o dtls.psk:HEX}). */
    public Path pskFile() {
        return new CredentialsLayout(credentials).devicePsk(device);
    }
}
