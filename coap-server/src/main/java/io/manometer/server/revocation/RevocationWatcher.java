package io.manometer.server.revocation;

import io.manometer.credentials.CredentialsException;
import io.manometer.credentials.RevocationList;
import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows {@code revoked.txt} while the server runs, so a revocation takes effect without a restart. Two triggers
 * lead to the same cheap check (has the file's size, time or inode changed?): a {@link WatchService} on its folder
 * for promptness, and a periodic re-check because watch events can be lost. {@code credentials revoke} replaces
 * the file by a rename, so a change is always a new inode and never half a file.
 * <pre>
 *   WatchService event ──┐
 *                        ├─▶ check(): stamp changed? ─ yes ─▶ read list ─▶ listener (applies new revocations)
 *   every recheck ───────┘                          └ no ──▶ nothing
 * </pre>
 * The listener gets the whole list each time and must be idempotent; it also gets the list once at start, which
 * closes the gap between loading the registry and watching the file.
 */
public final class RevocationWatcher implements AutoCloseable {

    private static final Logger LOGGER = LoggerFactory.getLogger(RevocationWatcher.class);

    /** What identifies one version of the file; {@code null} fields mean the file does not exist. */
    private record Stamp(Object fileKey, long size, long modified) {
        static final Stamp MISSING = new Stamp(null, -1, -1);
    }

    private final RevocationWatch watch;
    private final Consumer<RevocationList> listener;
    private ScheduledExecutorService scheduler;
    private WatchService watchService;
    private Thread watcherThread;
    private Stamp last;

    public RevocationWatcher(RevocationWatch watch, Consumer<RevocationList> listener) {
        this.watch = watch;
        this.listener = listener;
    }

    /** Delivers the current list, then starts watching. */
    public synchronized void start() {
        if (scheduler != null) {
            throw new IllegalStateException("already started");
        }
        check();
        scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> daemon(runnable, "manometer-revocations"));
        long period = watch.recheck().toMillis();
        scheduler.scheduleWithFixedDelay(this::check, period, period, TimeUnit.MILLISECONDS);
        Path folder = watch.file().toAbsolutePath().getParent();
        try {
            watchService = folder.getFileSystem().newWatchService();
            folder.register(watchService, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
                    StandardWatchEventKinds.ENTRY_DELETE);
            WatchService service = watchService;
            watcherThread = daemon(() -> awaitEvents(service), "manometer-revocations-watch");
            watcherThread.start();
        } catch (IOException | UnsupportedOperationException e) {
            LOGGER.warn("cannot watch {} ({}); re-checking {} every {} ms instead", folder, e.getMessage(),
                    watch.file().getFileName(), period);
        }
    }

    /** Reads the file if it changed since the last check and hands the list to the listener. Never throws. */
    public synchronized void check() {
        Stamp now = stamp();
        if (now.equals(last)) {
            return;
        }
        last = now;
        try {
            listener.accept(RevocationList.read(watch.file()));
        } catch (CredentialsException e) {
            // a hand edit gone wrong must not undo anything: every revocation applied so far stays
            LOGGER.warn("cannot apply {}: {}; revocations applied so far stay in force", watch.file(), e.getMessage());
        } catch (RuntimeException e) {
            LOGGER.error("applying {} failed", watch.file(), e);
        }
    }

    /** Stops both triggers; the lock is not held while waiting for them, since each may be inside check(). */
    @Override
    public void close() {
        ScheduledExecutorService stoppedScheduler;
        WatchService stoppedService;
        Thread stoppedThread;
        synchronized (this) {
            stoppedScheduler = scheduler;
            stoppedService = watchService;
            stoppedThread = watcherThread;
            scheduler = null;
            watchService = null;
            watcherThread = null;
        }
        try {
            if (stoppedScheduler != null) {
                stoppedScheduler.shutdown();
                stoppedScheduler.awaitTermination(5, TimeUnit.SECONDS);
            }
            if (stoppedService != null) {
                stoppedService.close();
            }
            if (stoppedThread != null) {
                stoppedThread.join(TimeUnit.SECONDS.toMillis(5));
            }
        } catch (IOException e) {
            LOGGER.debug("closing the watch service failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void awaitEvents(WatchService service) {
        String name = watch.file().getFileName().toString();
        try {
            while (true) {
                WatchKey key = service.take();
                boolean relevant = key.pollEvents().stream().anyMatch(event -> event.context() == null
                        || event.kind() == StandardWatchEventKinds.OVERFLOW
                        || Objects.equals(name, event.context().toString()));
                key.reset();
                if (relevant) {
                    check();
                }
            }
        } catch (ClosedWatchServiceException e) {
            LOGGER.trace("watch service closed");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Stamp stamp() {
        try {
            BasicFileAttributes attributes = Files.readAttributes(watch.file(), BasicFileAttributes.class);
            return new Stamp(attributes.fileKey(), attributes.size(), attributes.lastModifiedTime().toMillis());
        } catch (NoSuchFileException e) {
            return Stamp.MISSING;
        } catch (IOException e) {
            LOGGER.warn("cannot read the attributes of {}: {}", watch.file(), e.getMessage());
            return last == null ? Stamp.MISSING : last;
        }
    }

    private static Thread daemon(Runnable runnable, String name) {
        Thread thread = new Thread(runnable, name);
        thread.setDaemon(true);
        return thread;
    }
}
