package io.manometer.harness.capture;

import io.manometer.credentials.CredentialsLayout;
import io.manometer.credentials.DeviceCredentials;
import io.manometer.credentials.DeviceRegistry;
import io.manometer.credentials.ServerCredentials;
import io.manometer.credentials.dtls.AppendingTlsKeyLog;
import io.manometer.credentials.dtls.CredentialMode;
import io.manometer.credentials.dtls.DeviceDtls;
import io.manometer.device.publish.DeviceConfig;
import io.manometer.device.publish.PublisherCounters;
import io.manometer.device.publish.ReadingPublisher;
import io.manometer.device.publish.SessionInfo;
import io.manometer.harness.capture.CaptureSettings.Loopback;
import io.manometer.harness.link.ImpairedLink;
import io.manometer.harness.link.Impairment;
import io.manometer.harness.link.LinkConfig;
import io.manometer.harness.link.LinkCounters;
import io.manometer.server.PressureServer;
import io.manometer.server.endpoint.ServerConfig;
import io.manometer.server.storage.InMemoryReadingStore;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.scandium.TlsKeyLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One capture, end to end, so that opening a decrypted CoAP exchange in Wireshark takes one command: credentials,
 * a server (in-process, or a running one), the impaired link writing the capture, optionally {@code dumpcap} on
 * loopback, and one device posting its readings through the link; everything is closed before it returns.
 * <pre>
 *  ReadingPublisher ──▶ ImpairedLink 127.0.0.1:L ──▶ PressureServer 127.0.0.1:N   (or --server URI)
 *                        │ capture.pcap: the link↔server hop,     │ keys.log (the server's; the device's
 *                        │ interface 0 forwarded, 1 dropped       │ with --server)
 *                        └ dumpcap -i lo -f 'udp port N' ─▶ loopback.pcapng
 * </pre>
 */
public final class CaptureSession {

    private static final Logger LOG = LoggerFactory.getLogger(CaptureSession.class);
    /** Added to the device's own safety net before a reading counts as stuck. */
    private static final Duration MARGIN = Duration.ofSeconds(5);
    private static final int DEFAULT_COAPS_PORT = 5684;
    /** dumpcap writes its file about every half second; this is how long to wait for the last datagrams. */
    private static final Duration LOOPBACK_FLUSH = Duration.ofSeconds(5);

    private final CaptureSettings settings;
    private final List<String> notes = new ArrayList<>();

    private CaptureSession(CaptureSettings settings) {
        this.settings = settings;
    }

    /** Runs the capture described by {@code settings} and reports what it wrote and saw. */
    public static CaptureReport run(CaptureSettings settings) throws CaptureException, InterruptedException {
        return new CaptureSession(settings).run();
    }

    private CaptureReport run() throws CaptureException, InterruptedException {
        prepareOutput();
        SuiteChoice suite = suiteChoice();
        suite.note().ifPresent(notes::add);
        CredentialsLayout layout = CaptureCredentials.prepare(settings);
        DeviceCredentials deviceCredentials = CaptureCredentials.load(() -> DeviceDtls.loadCredentials(layout,
                settings.device(), settings.mode()));
        Configuration deviceConfig = settings.timers().applyToDevice(deviceConfiguration());
        PressureServer server = null;
        ImpairedLink link = null;
        LoopbackCapture loopback = null;
        AppendingTlsKeyLog deviceKeyLog = null;
        ReadingPublisher publisher = null;
        try {
            InetSocketAddress target;
            if (settings.server().isPresent()) {
                target = resolve(settings.server().get());
                deviceKeyLog = open(settings.keyLogFile());
            } else {
                server = startServer(layout);
                target = server.address();
            }
            link = startLink(target);
            loopback = startLoopback(target, deviceConfig).orElse(null);
            URI uri = URI.create("coaps://127.0.0.1:" + link.address().getPort());
            publisher = new ReadingPublisher(new ReadingPublisher.Settings(uri, settings.mode(), suite.offered(),
                    Optional.<TlsKeyLog>ofNullable(deviceKeyLog), deviceConfig), deviceCredentials);
            publisher.start();
            List<Exchange> exchanges = new ReadingRun(publisher, settings.device(), settings.readings(),
                    readingBound(deviceConfig)).call(notes::add);
            String negotiated = publisher.session().map(SessionInfo::cipherSuite).orElse("?");
            PublisherCounters deviceCounters = publisher.counters();
            publisher.close();
            publisher = null;
            LinkCounters linkCounters = drain(link);
            link.close();
            link = null;
            Optional<Path> loopbackFile = stopLoopback(loopback, linkCounters);
            loopback = null;
            return new CaptureReport(settings.mode(), negotiated, target, settings.captureFile(),
                    settings.keyLogFile(), server != null ? "server" : "device", loopbackFile,
                    layout.root(), settings.device(), exchanges, linkCounters, deviceCounters, notes);
        } catch (IOException e) {
            throw new CaptureException(e.getMessage(), e);
        } finally {
            closeAll(publisher, link, loopback, server, deviceKeyLog);
        }
    }

    private void prepareOutput() throws CaptureException {
        try {
            Files.createDirectories(settings.out());
            for (Path file : List.of(settings.captureFile(), settings.keyLogFile(), settings.loopbackFile())) {
                if (Files.exists(file)) {
                    if (!settings.replace()) {
                        throw new CaptureException(file + " already exists; choose another --out or use --force to"
                                + " replace it");
                    }
                    // a key log left from an earlier capture would be harmless, but it is not this capture's
                    Files.delete(file);
                }
            }
        } catch (IOException e) {
            throw new CaptureException("cannot prepare " + settings.out() + ": " + e.getMessage(), e);
        }
    }

    private SuiteChoice suiteChoice() throws CaptureException {
        try {
            return SuiteChoice.of(settings.mode(), settings.cipherSuite());
        } catch (IllegalArgumentException e) {
            throw new CaptureException(e.getMessage(), e);
        }
    }

    private PressureServer startServer(CredentialsLayout layout) throws CaptureException, IOException {
        Configuration config = settings.timers().applyToServer(ServerConfig.create(Optional.empty()));
        PressureServer server = new PressureServer(new PressureServer.Settings(
                new InetSocketAddress("127.0.0.1", 0), EnumSet.allOf(CredentialMode.class),
                Optional.of(settings.keyLogFile()), config),
                CaptureCredentials.load(() -> ServerCredentials.load(layout)),
                CaptureCredentials.load(() -> DeviceRegistry.load(layout)), new InMemoryReadingStore(),
                Clock.systemUTC());
        try {
            server.start();
        } catch (IOException | RuntimeException e) {
            server.close();
            throw new CaptureException("cannot start the server: " + e.getMessage(), e);
        }
        return server;
    }

    private ImpairedLink startLink(InetSocketAddress target) throws IOException {
        LinkConfig config = LinkConfig.builder(new InetSocketAddress("127.0.0.1", 0), target)
                .both(settings.impairment())
                .seed(settings.seed())
                .pcap(settings.captureFile())
                .build();
        ImpairedLink link = new ImpairedLink(config);
        try {
            link.start();
        } catch (IOException | RuntimeException e) {
            link.close();
            throw e;
        }
        return link;
    }

    private Optional<LoopbackCapture> startLoopback(InetSocketAddress target, Configuration deviceConfig) {
        if (settings.loopback() == Loopback.OFF) {
            return Optional.empty();
        }
        if (!target.getAddress().isLoopbackAddress()) {
            notes.add("loopback capture skipped: the server " + target + " is not on this machine's loopback");
            return Optional.empty();
        }
        Optional<Path> dumpcap = LoopbackCapture.findDumpcap();
        if (dumpcap.isEmpty()) {
            notes.add("loopback capture skipped: dumpcap is not on the PATH (it comes with tshark);"
                    + " capture.pcap has the same hop");
            return Optional.empty();
        }
        Duration bound = readingBound(deviceConfig).multipliedBy(settings.readings()).plus(Duration.ofMinutes(1));
        try {
            return Optional.of(LoopbackCapture.start(dumpcap.get(), target.getPort(), settings.loopbackFile(),
                    bound));
        } catch (LoopbackCapture.Unavailable e) {
            notes.add("loopback capture skipped: " + e.getMessage() + "; capture.pcap has the same hop");
            return Optional.empty();
        }
    }

    /**
     * Waits until the link has sent what it still holds (delayed datagrams, replays due later), so that a replay
     * shows up in the capture instead of being discarded when the link closes.
     */
    private LinkCounters drain(ImpairedLink link) throws InterruptedException {
        Impairment impairment = settings.impairment();
        Duration bound = impairment.replayDelay().plus(impairment.delay()).plus(impairment.jitter())
                .plus(impairment.reorderMaxHold()).plus(MARGIN);
        CompletableFuture<LinkCounters> idle = link.whenCounters(counters -> counters.queued() == 0);
        try {
            return idle.get(bound.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            idle.cancel(false);
            LinkCounters counters = link.counters();
            notes.add(counters.queued() + " datagram(s) still queued in the link were not sent");
            return counters;
        }
    }

    /** Stops dumpcap once it has written every datagram the link sent on the hop it watches. */
    private Optional<Path> stopLoopback(LoopbackCapture loopback, LinkCounters link) throws InterruptedException {
        if (loopback == null) {
            return Optional.empty();
        }
        // on the wire between link and server: what the link sent up (drops excluded) and all the server sent
        long sent = link.up().forwarded() + link.down().received();
        long seen = loopback.awaitPackets(sent, LOOPBACK_FLUSH);
        loopback.close();
        long captured = loopback.packets().orElse(seen);
        if (captured < sent) {
            notes.add("loopback capture: " + loopback.file() + " has " + captured + " of the " + sent
                    + " datagrams between link and server; dumpcap had not written the rest within "
                    + LOOPBACK_FLUSH.toSeconds() + " s");
        }
        return Optional.of(loopback.file());
    }

    /** The longest one reading may take: the device's own safety net plus a margin. */
    private static Duration readingBound(Configuration deviceConfig) {
        return Duration.ofMillis(deviceConfig.get(DeviceConfig.RESPONSE_TIMEOUT, TimeUnit.MILLISECONDS)).plus(MARGIN);
    }

    private static Configuration deviceConfiguration() throws CaptureException {
        try {
            return DeviceConfig.create(Optional.empty());
        } catch (IOException e) {
            throw new CaptureException("cannot configure the device: " + e.getMessage(), e);
        }
    }

    private static InetSocketAddress resolve(URI server) throws CaptureException {
        try {
            int port = server.getPort() == -1 ? DEFAULT_COAPS_PORT : server.getPort();
            return new InetSocketAddress(InetAddress.getByName(server.getHost()), port);
        } catch (UnknownHostException e) {
            throw new CaptureException("unknown server host '" + server.getHost() + "'", e);
        }
    }

    private static AppendingTlsKeyLog open(Path file) throws CaptureException {
        try {
            return AppendingTlsKeyLog.open(file);
        } catch (IOException e) {
            throw new CaptureException("cannot open the key log " + file + ": " + e.getMessage(), e);
        }
    }

    private static void closeAll(AutoCloseable... resources) {
        for (AutoCloseable resource : resources) {
            if (resource == null) {
                continue;
            }
            try {
                resource.close();
            } catch (Exception e) {
                LOG.warn("closing {}: {}", resource.getClass().getSimpleName(), e.toString());
            }
        }
    }
}
