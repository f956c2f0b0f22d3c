package io.manometer.it.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.manometer.harness.capture.DecryptCommands;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * tshark as the tests' judge of what a user would see in Wireshark. A missing tshark skips the calling test on a
 * developer's machine but fails it in CI ({@code CI=true}), where {@code .ci/run} installs it, so decryption can
 * never pass there just because nothing was decrypted.
 */
final class Tshark {

    private static final Duration BOUND = Duration.ofSeconds(60);

    /** One CoAP message as tshark decoded it; {@code payload} is the payload's exact bytes (empty if none). */
    record CoapFrame(int frame, int interfaceId, int code, int mid, String uriPath, byte[] payload) {

        static final int POST = 2;
        /** 2.01 Created: class 2, detail 1 (RFC 7252 §3). */
        static final int CREATED = 65;

        String payloadText() {
            return new String(payload, StandardCharsets.UTF_8);
        }

        boolean forwarded() {
            return interfaceId == 0;
        }
    }

    private Tshark() {
    }

    static void require() {
        boolean available;
        try {
            available = run(List.of("tshark", "--version")).exitCode() == 0;
        } catch (IOException e) {
            available = false;
        }
        if (!available && "true".equalsIgnoreCase(System.getenv("CI"))) {
            fail("tshark is missing on CI; install it (DEBIAN_FRONTEND=noninteractive apt-get install -y tshark;"
                    + " .ci/run does it)");
        }
        assumeTrue(available, "tshark is not installed");
    }

    /** The decode-as options for a server on {@code port}, exactly as the capture command prints them. */
    static List<String> decodeAs(int port) {
        String text = DecryptCommands.decodeAs(port).trim();
        return text.isEmpty() ? List.of() : List.of(text.split(" "));
    }

    /** Every CoAP message tshark decodes from {@code capture} with {@code options} (e.g. the key log). */
    static List<CoapFrame> coap(Path capture, int port, List<String> options) throws IOException {
        List<String> command = new ArrayList<>(List.of("tshark", "-n", "-r", capture.toString()));
        command.addAll(options);
        command.addAll(decodeAs(port));
        command.addAll(List.of("-Y", "coap", "-T", "pdml"));
        return parse(succeed(command));
    }

    /** tshark's one-line-per-field output for {@code fields}, fields separated by {@code |}. */
    static List<String> fields(Path capture, int port, List<String> options, String filter, String... fields)
            throws IOException {
        List<String> command = new ArrayList<>(List.of("tshark", "-n", "-r", capture.toString()));
        command.addAll(options);
        command.addAll(decodeAs(port));
        if (!filter.isEmpty()) {
            command.addAll(List.of("-Y", filter));
        }
        command.addAll(List.of("-T", "fields", "-E", "separator=|"));
        for (String field : fields) {
            command.addAll(List.of("-e", field));
        }
        return succeed(command).lines().toList();
    }

    /** Runs a command line the capture printed, through bash as a user would paste it; returns its stdout. */
    static String shell(String commandLine) throws IOException {
        return succeed(List.of("bash", "-c", commandLine));
    }

    static List<String> keyLog(Path file) {
        return List.of("-o", "tls.keylog_file:" + file);
    }

    private static String succeed(List<String> command) throws IOException {
        Result result = run(command);
        assertEquals(0, result.exitCode(), "failed: " + command + "\n" + result.stderr());
        return result.stdout();
    }

    private record Result(int exitCode, String stdout, String stderr) {
    }

    private static Result run(List<String> command) throws IOException {
        Process process = new ProcessBuilder(command).start();
        CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> readAll(process.getErrorStream()));
        byte[] out = readAll(process.getInputStream());
        try {
            if (!process.waitFor(BOUND.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                fail(command.get(0) + " did not finish within " + BOUND.toSeconds() + " s: " + command);
            }
            return new Result(process.exitValue(), new String(out, StandardCharsets.UTF_8),
                    new String(err.get(BOUND.toMillis(), TimeUnit.MILLISECONDS), StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IOException("reading stderr of " + command, e);
        }
    }

    private static byte[] readAll(InputStream in) {
        try (in) {
            return in.readAllBytes();
        } catch (IOException e) {
            return new byte[0];
        }
    }

    /** PDML: a {@code packet} per frame; {@code field} elements with {@code name}, {@code show}, hex {@code value}. */
    private static List<CoapFrame> parse(String pdml) throws IOException {
        Document document;
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            document = factory.newDocumentBuilder().parse(new ByteArrayInputStream(
                    pdml.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IOException("tshark's PDML does not parse: " + e.getMessage(), e);
        }
        List<CoapFrame> frames = new ArrayList<>();
        NodeList packets = document.getElementsByTagName("packet");
        for (int i = 0; i < packets.getLength(); i++) {
            Element packet = (Element) packets.item(i);
            String payload = field(packet, "coap.payload", "value");
            frames.add(new CoapFrame(Integer.parseInt(field(packet, "frame.number", "show")),
                    Integer.parseInt(field(packet, "frame.interface_id", "show")),
                    Integer.parseInt(field(packet, "coap.code", "show")),
                    Integer.parseInt(field(packet, "coap.mid", "show")),
                    field(packet, "coap.opt.uri_path", "show"),
                    payload.isEmpty() ? new byte[0] : HexFormat.of().parseHex(payload)));
        }
        return frames;
    }

    /** The attribute of the first field named {@code name} in {@code packet}, or empty. */
    private static String field(Element packet, String name, String attribute) {
        NodeList fields = packet.getElementsByTagName("field");
        for (int i = 0; i < fields.getLength(); i++) {
            Element field = (Element) fields.item(i);
            if (name.equals(field.getAttribute("name"))) {
                return field.getAttribute(attribute);
            }
        }
        return "";
    }
}
