package io.manometer.server.cli;

import io.manometer.cli.Cli;
import io.manometer.cli.CliException;
import io.manometer.credentials.CredentialsException;
import io.manometer.credentials.CredentialsLayout;
import io.manometer.credentials.DeviceRegistry;
import io.manometer.credentials.ServerCredentials;
import io.manometer.credentials.dtls.CredentialMode;
import io.manometer.server.PressureServer;
import io.manometer.server.endpoint.ServerConfig;
import io.manometer.server.storage.InMemoryReadingStore;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.eclipse.californium.elements.config.Configuration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code manometer server}: run the coaps server until Ctrl-C or SIGTERM. */
@Command(name = "manometer server", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Run the Manometer CoAP server on DTLS 1.2, accepting readings on /pressure.")
public final class ServerMain implements Callable<Integer> {

    @Option(names = "--credentials", required = true, paramLabel = "DIR",
            description = "Credentials folder made by 'manometer credentials init'.")
    Path credentials;

    @Option(names = "--bind", paramLabel = "ADDRESS", description = "Address to bind (default: 127.0.0.1).")
    String bind;

    @Option(names = "--port", paramLabel = "PORT", description = "UDP port (default: 5684; 0 = any free port).")
    Integer port;

    @Option(names = "--db", paramLabel = "FILE", defaultValue = "data/readings.db",
            description = "Reading database (default: ${DEFAULT-VALUE}). This build keeps readings in memory; "
                    + "the durable store is issue #3.")
    Path db;

    @Option(names = "--keylog", paramLabel = "FILE",
            description = "Append TLS session secrets (NSS key log format) for Wireshark. Off by default; "
                    + "anyone with the file can decrypt the traffic.")
    Path keyLog;

    @Option(names = "--modes", paramLabel = "MODES", split = ",",
            description = "Credential modes to accept: psk, ecdhe-psk, rpk, x509 (default: all).")
    Set<String> modes;

    @Option(names = "--config", paramLabel = "FILE",
            description = "Californium/Manometer properties overriding the defaults (flags still win).")
    Path config;

    public static void main(String[] args) {
        int code = Cli.run("server", new ServerMain(), args);
        if (code != 0) {
            System.exit(code);
        }
    }

    @Override
    public Integer call() throws Exception {
        Configuration configuration = configuration();
        PressureServer.Settings settings = new PressureServer.Settings(address(configuration),
                modes(configuration), Optional.ofNullable(keyLog), configuration);
        CredentialsLayout layout = new CredentialsLayout(credentials);
        PressureServer server;
        try {
            server = new PressureServer(settings, ServerCredentials.load(layout), DeviceRegistry.load(layout),
                    new InMemoryReadingStore(), Clock.systemUTC());
        } catch (CredentialsException e) {
            throw new CliException(Cli.FAILURE, e.getMessage(), e);
        }
        CountDownLatch stopped = new CountDownLatch(1);
        try {
            server.start();
        } catch (IOException | RuntimeException e) {
            server.close();
            throw new CliException(Cli.FAILURE, "cannot start on " + settings.bind() + ": " + rootMessage(e), e);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "manometer-shutdown"));
        System.out.printf("manometer server listening on %s modes=%s suites=%s devices=%d%n", server.uri(),
                server.modesText(), server.suitesText(), server.devices().size());
        System.out.flush();
        stopped.await();
        return 0;
    }

    private Configuration configuration() {
        try {
            return ServerConfig.create(Optional.ofNullable(config));
        } catch (IOException e) {
            throw new CliException(Cli.FAILURE, "cannot read --config: " + e.getMessage(), e);
        }
    }

    private InetSocketAddress address(Configuration configuration) {
        String host = bind != null ? bind : configuration.get(ServerConfig.BIND);
        int udpPort = port != null ? port : configuration.get(ServerConfig.PORT);
        if (udpPort < 0 || udpPort > 65535) {
            throw new CliException(Cli.USAGE, "--port must be 0..65535, got " + udpPort);
        }
        try {
            return new InetSocketAddress(InetAddress.getByName(host), udpPort);
        } catch (UnknownHostException e) {
            throw new CliException(Cli.USAGE, "--bind: unknown address '" + host + "'");
        }
    }

    private Set<CredentialMode> modes(Configuration configuration) {
        Set<String> names = modes != null ? modes : Set.of(configuration.get(ServerConfig.MODES).split(","));
        Set<CredentialMode> result = EnumSet.noneOf(CredentialMode.class);
        for (String name : names) {
            result.add(CredentialMode.fromCliName(name.trim()).orElseThrow(() -> new CliException(Cli.USAGE,
                    "unknown mode '" + name + "' (use " + CredentialMode.cliNames() + ")")));
        }
        if (result.isEmpty()) {
            throw new CliException(Cli.USAGE, "--modes needs at least one mode");
        }
        return result;
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getMessage() != null ? root.getMessage() : root.toString();
    }
}
