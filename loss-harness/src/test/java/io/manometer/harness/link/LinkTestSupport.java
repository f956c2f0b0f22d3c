package io.manometer.harness.link;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;

/** Shared plumbing of the loopback link tests: start links and devices, close them, check nothing leaked. */
abstract class LinkTestSupport {

    private final List<AutoCloseable> resources = new ArrayList<>();

    @AfterEach
    void close_everything_and_check_no_link_thread_survives() throws Exception {
        for (int i = resources.size() - 1; i >= 0; i--) {
            resources.get(i).close();
        }
        assertEquals(List.of(), linkThreads());
    }

    LoopbackServer echoServer() throws IOException {
        return track(LoopbackServer.echo());
    }

    LoopbackServer silentServer() throws IOException {
        return track(LoopbackServer.silent());
    }

    static LinkConfig.Builder config(LoopbackServer server) {
        return LinkConfig.builder(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), server.address());
    }

    ImpairedLink start(LinkConfig.Builder config) throws IOException {
        ImpairedLink link = track(new ImpairedLink(config.build()));
        link.start();
        return link;
    }

    LoopbackDevice device(ImpairedLink link) throws IOException {
        return track(new LoopbackDevice(link.address()));
    }

    /** Waits, without sleeping, until the link's counters satisfy {@code condition}. */
    static LinkCounters await(ImpairedLink link, Predicate<LinkCounters> condition)
            throws InterruptedException, ExecutionException {
        try {
            return link.whenCounters(condition).get(LoopbackServer.TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError("counters never matched; last: " + link.counters().summary(), e);
        }
    }

    static List<String> linkThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(name -> name.startsWith(ImpairedLink.THREAD_PREFIX)).toList();
    }

    static long millis(long nanos) {
        return Duration.ofNanos(nanos).toMillis();
    }

    private <T extends AutoCloseable> T track(T resource) {
        resources.add(resource);
        return resource;
    }
}
