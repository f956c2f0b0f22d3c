package io.manometer.it.interop;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;

/**
 * A program from another stack that the interoperability tests drive. A missing one skips the test on a developer's
 * machine but fails it in CI ({@code CI=true}), where {@code .ci/run} installs it, so interoperability can never
 * pass there just because nothing was tested.
 */
enum ForeignTool {
    COAP_CLIENT_OPENSSL("coap-client-openssl", "libcoap3-bin"),
    COAP_CLIENT_GNUTLS("coap-client-gnutls", "libcoap3-bin"),
    COAP_SERVER_OPENSSL("coap-server-openssl", "libcoap3-bin"),
    COAP_SERVER_GNUTLS("coap-server-gnutls", "libcoap3-bin"),
    OPENSSL("openssl", "openssl");

    private final String command;
    private final String debianPackage;

    ForeignTool(String command, String debianPackage) {
        this.command = command;
        this.debianPackage = debianPackage;
    }

    /** The program's name, as README.md writes it. */
    String command() {
        return command;
    }

    /** The tool's absolute path; skips the calling test (fails it in CI) when the tool is not installed. */
    String require() {
        Optional<Path> found = find();
        if (found.isEmpty()) {
            String message = command + " is not on the PATH: install " + debianPackage
                    + " (apt-get install " + debianPackage + "; .ci/run does it)";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail(message);
            }
            assumeTrue(false, message);
        }
        return found.get().toString();
    }

    private Optional<Path> find() {
        String path = System.getenv().getOrDefault("PATH", "");
        return Arrays.stream(path.split(File.pathSeparator))
                .filter(dir -> !dir.isBlank())
                .map(dir -> Path.of(dir, command))
                .filter(Files::isExecutable)
                .findFirst();
    }
}
