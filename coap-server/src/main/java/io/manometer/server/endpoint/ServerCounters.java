package io.manometer.server.endpoint;

import io.manometer.server.resource.ReadingIngest;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Predicate;

/**
 * What the server's one endpoint saw, from DTLS records to stored readings, so a loss experiment can tell which
 * layer absorbed a duplicate: the DTLS anti-replay window (RFC 6347 §4.1.2.6) or the CoAP deduplicator
 * (RFC 7252 §4.5). Counting costs one {@link LongAdder} increment per event; {@link #snapshot()} may be called from
 * any thread at any time, also after the server stopped.
 */
public final class ServerCounters {

    /**
     * The counters at one moment, cumulative since the server was constructed. Each value is exact, but the values
     * are read one after the other, so while traffic flows they may disagree by the events in between.
     *
     * @param handshakesStarted DTLS handshakes the server began, one per handshaker (a stateless
     *        HelloVerifyRequest exchange, RFC 6347 §4.2.1, is not one); full and abbreviated alike
     * @param handshakesSucceeded handshakes that completed
     * @param handshakesFailed handshakes that failed: refused credentials, alerts, flight timeouts; started minus
     *        succeeded minus failed are still in progress
     * @param datagramsReceived UDP datagrams that reached the DTLS connector (one may hold several records)
     * @param recordsDropped datagrams or records the connector dropped for any reason except a bad MAC: malformed,
     *        no connection, replayed, after close_notify, overload; {@link #replayedRecordsDropped} included
     * @param replayedRecordsDropped records the anti-replay window refused (RFC 6347 §4.1.2.6): their sequence
     *        number was already received in their epoch, or lies left of the 64-record window, which the receiver
     *        cannot tell from a replay; records at a connection closed by close_notify are not counted here
     * @param replayedRecordsAccepted records that the window would have refused but that went on to be decrypted
     *        because the anti-replay filter is switched off ({@code DTLS.USE_ANTI_REPLAY_FILTER=false})
     * @param macErrors records dropped because they failed decryption or MAC verification
     * @param requestsReceived CoAP requests passed to the resources (first receptions)
     * @param duplicateRequests CoAP requests the deduplicator recognised by message id (RFC 7252 §4.5) and answered
     *        from the exchange instead of the resource, as long as the exchange is remembered (EXCHANGE_LIFETIME)
     * @param responses2xx success responses sent, each counted once; Observe notifications included
     * @param responses4xx client-error responses sent
     * @param responses5xx server-error responses sent
     * @param responsesResent responses sent again: to a duplicate request or as a confirmable retransmission
     * @param readingsCreated readings stored for the first time (answered 2.01)
     * @param readingsAlreadyStored readings whose (device, seq) was stored before (answered 2.04)
     * @param sessionsReplaced DTLS sessions dropped because their peer completed a new handshake from the same
     *        address: a device that rebooted or forced a full handshake no longer holds two sessions
     */
    public record Snapshot(long handshakesStarted, long handshakesSucceeded, long handshakesFailed,
            long datagramsReceived, long recordsDropped, long replayedRecordsDropped, long replayedRecordsAccepted,
            long macErrors, long requestsReceived, long duplicateRequests, long responses2xx, long responses4xx,
            long responses5xx, long responsesResent, long readingsCreated, long readingsAlreadyStored,
            long sessionsReplaced) {

        /** Counters of a server that replaced no session, e.g. for a report under test. */
        public Snapshot(long handshakesStarted, long handshakesSucceeded, long handshakesFailed,
                long datagramsReceived, long recordsDropped, long replayedRecordsDropped,
                long replayedRecordsAccepted, long macErrors, long requestsReceived, long duplicateRequests,
                long responses2xx, long responses4xx, long responses5xx, long responsesResent, long readingsCreated,
                long readingsAlreadyStored) {
            this(handshakesStarted, handshakesSucceeded, handshakesFailed, datagramsReceived, recordsDropped,
                    replayedRecordsDropped, replayedRecordsAccepted, macErrors, requestsReceived, duplicateRequests,
                    responses2xx, responses4xx, responses5xx, responsesResent, readingsCreated,
                    readingsAlreadyStored, 0);
        }

        /** What happened between {@code earlier} and this snapshot, e.g. during one scenario. */
        public Snapshot minus(Snapshot earlier) {
            return new Snapshot(handshakesStarted - earlier.handshakesStarted,
                    handshakesSucceeded - earlier.handshakesSucceeded, handshakesFailed - earlier.handshakesFailed,
                    datagramsReceived - earlier.datagramsReceived, recordsDropped - earlier.recordsDropped,
                    replayedRecordsDropped - earlier.replayedRecordsDropped,
                    replayedRecordsAccepted - earlier.replayedRecordsAccepted, macErrors - earlier.macErrors,
                    requestsReceived - earlier.requestsReceived, duplicateRequests - earlier.duplicateRequests,
                    responses2xx - earlier.responses2xx, responses4xx - earlier.responses4xx,
                    responses5xx - earlier.responses5xx, responsesResent - earlier.responsesResent,
                    readingsCreated - earlier.readingsCreated, readingsAlreadyStored - earlier.readingsAlreadyStored,
                    sessionsReplaced - earlier.sessionsReplaced);
        }

        /** One line for a log or a report. */
        public String summary() {
            return String.format("handshakes %d started, %d ok, %d failed, %d replaced a session; datagrams %d in,"
                    + " %d dropped (%d replayed, %d replayed but passed), %d bad MAC; requests %d, %d duplicate;"
                    + " responses 2.xx %d, 4.xx %d, 5.xx %d, %d resent; readings %d created, %d already stored",
                    handshakesStarted, handshakesSucceeded, handshakesFailed, sessionsReplaced, datagramsReceived,
                    recordsDropped,
                    replayedRecordsDropped, replayedRecordsAccepted, macErrors, requestsReceived, duplicateRequests,
                    responses2xx, responses4xx, responses5xx, responsesResent, readingsCreated,
                    readingsAlreadyStored);
        }
    }

    private record Waiter(Predicate<Snapshot> condition, CompletableFuture<Snapshot> future) {
    }

    private final LongAdder handshakesStarted = new LongAdder();
    private final LongAdder handshakesSucceeded = new LongAdder();
    private final LongAdder handshakesFailed = new LongAdder();
    private final LongAdder datagramsReceived = new LongAdder();
    private final LongAdder recordsDropped = new LongAdder();
    private final LongAdder replayedRecordsDropped = new LongAdder();
    private final LongAdder replayedRecordsAccepted = new LongAdder();
    private final LongAdder macErrors = new LongAdder();
    private final LongAdder requestsReceived = new LongAdder();
    private final LongAdder duplicateRequests = new LongAdder();
    private final LongAdder responses2xx = new LongAdder();
    private final LongAdder responses4xx = new LongAdder();
    private final LongAdder responses5xx = new LongAdder();
    private final LongAdder responsesResent = new LongAdder();
    private final LongAdder readingsCreated = new LongAdder();
    private final LongAdder readingsAlreadyStored = new LongAdder();
    private final LongAdder sessionsReplaced = new LongAdder();
    private final List<Waiter> waiters = new CopyOnWriteArrayList<>();

    public Snapshot snapshot() {
        return new Snapshot(handshakesStarted.sum(), handshakesSucceeded.sum(), handshakesFailed.sum(),
                datagramsReceived.sum(), recordsDropped.sum(), replayedRecordsDropped.sum(),
                replayedRecordsAccepted.sum(), macErrors.sum(), requestsReceived.sum(), duplicateRequests.sum(),
                responses2xx.sum(), responses4xx.sum(), responses5xx.sum(), responsesResent.sum(),
                readingsCreated.sum(), readingsAlreadyStored.sum(), sessionsReplaced.sum());
    }

    /**
     * Completes with the first snapshot that satisfies {@code condition}, at once if the current one does, so a
     * test or scenario can wait for an event no client observes (a dropped replay) without polling. Bound the wait
     * with {@link CompletableFuture#orTimeout} or {@code get(timeout)}; a future completed in any way stops
     * being checked.
     */
    public CompletableFuture<Snapshot> when(Predicate<Snapshot> condition) {
        Waiter waiter = new Waiter(condition, new CompletableFuture<>());
        waiters.add(waiter);
        waiter.future().whenComplete((snapshot, failure) -> waiters.remove(waiter));
        check(waiter, snapshot());
        return waiter.future();
    }

    /** Counts what the ingest did with a reading; to be passed to {@link ReadingIngest} as its listener. */
    public void readingStored(ReadingIngest.Result result) {
        count(result instanceof ReadingIngest.Created ? readingsCreated : readingsAlreadyStored);
    }

    void handshakeStarted() {
        count(handshakesStarted);
    }

    void handshakeEnded(boolean success) {
        count(success ? handshakesSucceeded : handshakesFailed);
    }

    void sessionReplaced() {
        count(sessionsReplaced);
    }

    void datagramReceived() {
        count(datagramsReceived);
    }

    void recordDropped() {
        count(recordsDropped);
    }

    void replayedRecord(boolean dropped) {
        count(dropped ? replayedRecordsDropped : replayedRecordsAccepted);
    }

    void macError() {
        count(macErrors);
    }

    void requestReceived(boolean duplicate) {
        count(duplicate ? duplicateRequests : requestsReceived);
    }

    /** A response left the endpoint; {@code codeClass} is the 2, 4 or 5 of "2.05". */
    void responseSent(int codeClass, boolean again) {
        if (again) {
            count(responsesResent);
        } else if (codeClass == 2) {
            count(responses2xx);
        } else if (codeClass == 4) {
            count(responses4xx);
        } else if (codeClass == 5) {
            count(responses5xx);
        }
    }

    private void count(LongAdder counter) {
        counter.increment();
        if (!waiters.isEmpty()) {
            Snapshot now = snapshot();
            for (Waiter waiter : waiters) {
                check(waiter, now);
            }
        }
    }

    private static void check(Waiter waiter, Snapshot snapshot) {
        try {
            if (waiter.condition().test(snapshot)) {
                waiter.future().complete(snapshot);
            }
        } catch (RuntimeException e) {
            waiter.future().completeExceptionally(e);
        }
    }
}
