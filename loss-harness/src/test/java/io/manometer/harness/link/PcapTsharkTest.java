package io.manometer.harness.link;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Proves the capture opens in the tool users will use. Skipped where tshark is missing, except on CI, where a
 * missing tshark is a broken build image and fails.
 */
class PcapTsharkTest {

    @TempDir
    Path dir;

    @Test
    void tshark_reads_ports_interfaces_comments_and_valid_checksums() throws Exception {
        requireTshark();
        Path file = dir.resolve("link.pcapng");
        Files.write(file, PcapWriterTest.write(w -> {
            w.write(PcapWriter.Interface.FORWARDED, 1_700_000_000_000_000L, PcapWriterTest.DEVICE,
                    PcapWriterTest.SERVER, new byte[] {1, 2, 3}, "");
            w.write(PcapWriter.Interface.DROPPED, 1_700_000_000_000_100L, PcapWriterTest.SERVER,
                    PcapWriterTest.DEVICE, new byte[] {4, 5, 6, 7}, "dropped: loss");
            w.write(PcapWriter.Interface.FORWARDED, 1_700_000_000_000_200L, PcapWriterTest.DEVICE,
                    PcapWriterTest.SERVER, new byte[] {8}, "replay");
        }));

        List<String> lines = tshark(file, "-o", "udp.check_checksum:TRUE", "-o", "ip.check_checksum:TRUE",
                "-T", "fields", "-E", "separator=|", "-e", "frame.interface_name", "-e", "udp.srcport",
                "-e", "udp.dstport", "-e", "ip.checksum.status", "-e", "udp.checksum.status", "-e", "frame.comment");

        // checksum status 1 = good (0 = bad, 2 = unverified)
        assertEquals(List.of(
                "forwarded|51001|5684|1|1|",
                "dropped|5684|51001|1|1|dropped: loss",
                "forwarded|51001|5684|1|1|replay"), lines);
    }

    @Test
    void tshark_filters_the_dropped_interface_by_comment() throws Exception {
        requireTshark();
        Path file = dir.resolve("filter.pcapng");
        Files.write(file, PcapWriterTest.write(w -> {
            w.write(PcapWriter.Interface.DROPPED, 1_700_000_000_000_000L, PcapWriterTest.DEVICE,
                    PcapWriterTest.SERVER, new byte[1300], "dropped: mtu 1280");
            w.write(PcapWriter.Interface.FORWARDED, 1_700_000_000_000_100L, PcapWriterTest.DEVICE,
                    PcapWriterTest.SERVER, new byte[10], "");
        }));

        List<String> lines = tshark(file, "-Y", "frame.comment contains \"mtu\"", "-T", "fields", "-e", "udp.length");

        // checksum status 1 = good (0 = bad, 2 = unverified)
        assertEquals(List.of("1308"), lines);
    }

    static void requireTshark() {
        boolean available = tsharkAvailable();
        if (!available && "true".equals(System.getenv("CI"))) {
            fail("tshark is missing on CI; install it (DEBIAN_FRONTEND=noninteractive apt-get install -y tshark)");
        }
        Assumptions.assumeTrue(available, "tshark is not installed");
    }

    static List<String> tshark(Path file, String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("tshark", "-n", "-r", file.toString()));
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "tshark did not finish");
        assertEquals(0, process.exitValue(), "tshark failed: " + out);
        return out.lines().toList();
    }

    private static boolean tsharkAvailable() {
        try {
            Process process = new ProcessBuilder("tshark", "--version").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
