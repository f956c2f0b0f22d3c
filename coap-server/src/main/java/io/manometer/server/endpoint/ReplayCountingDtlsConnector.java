package io.manometer.server.endpoint;

import org.eclipse.californium.elements.RawData;
import org.eclipse.californium.elements.RawDataChannel;
import org.eclipse.californium.scandium.DTLSConnector;
import org.eclipse.californium.scandium.config.DtlsConfig;
import org.eclipse.californium.scandium.config.DtlsConnectorConfig;
import org.eclipse.californium.scandium.dtls.Connection;
import org.eclipse.californium.scandium.dtls.DTLSContext;
import org.eclipse.californium.scandium.dtls.Record;
import org.eclipse.californium.scandium.dtls.SessionListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link DTLSConnector} that tells replayed records apart from other drops. Scandium reports every dropped record
 * through the same hooks ({@code DatagramFilter.onDrop(Record)}, {@code DtlsHealth.receivingRecord(true)}) from
 * some fifteen places, without the reason or the connection; so this asks the connection's anti-replay window
 * (RFC 6347 §4.1.2.6) the connector's own question just before the connector does. Both run on the connection's
 * serial executor, so the window cannot change in between.
 * <pre>
 *  record ─▶ processRecord ─▶ [address / expiry checks] ─▶ anti-replay window ─▶ MAC ─▶ CoAP
 *               │ already received in its epoch?                 │ filter on: drop
 *               └─ yes: count (dropped, or passed if filter off)  └ filter off: decrypt and deliver
 * </pre>
 * A replayed record that an earlier check drops (it arrived from another address without a CID, or while an
 * expired handshake was failed) is counted as replayed too; records at a connection closed by close_notify are
 * dropped for that reason and not counted here.
 * <p>
 * Its sessions live in a {@link SupersedingConnectionStore}, which drops a session once its peer has handshaked
 * anew from the same address.
 */
final class ReplayCountingDtlsConnector extends DTLSConnector {

    private static final Logger LOGGER = LoggerFactory.getLogger(ReplayCountingDtlsConnector.class);

    private final ServerCounters counters;
    private final SupersedingConnectionStore store;
    private final boolean antiReplayFilter;
    private final int extendedWindow;

    /** {@code handshakes} is told about every handshaker's start, establishment and failure. */
    ReplayCountingDtlsConnector(DtlsConnectorConfig config, ServerCounters counters, SessionListener handshakes) {
        this(config, new SupersedingConnectionStore(config, counters), counters);
        addSessionListener(handshakes);
    }

    private ReplayCountingDtlsConnector(DtlsConnectorConfig config, SupersedingConnectionStore store,
            ServerCounters counters) {
        super(config, store);
        this.store = store;
        this.counters = counters;
        this.antiReplayFilter = config.get(DtlsConfig.DTLS_USE_ANTI_REPLAY_FILTER);
        this.extendedWindow = config.get(DtlsConfig.DTLS_USE_DISABLED_WINDOW_FOR_ANTI_REPLAY_FILTER);
    }

    /**
     * Hands CoAP messages on only once they pass {@link StrictCoapOptions}: a request it refuses is answered here,
     * on the session it came in, and one it ignores goes nowhere.
     */
    @Override
    public void setRawDataReceiver(RawDataChannel receiver) {
        super.setRawDataReceiver(receiver == null ? null : raw -> {
            StrictCoapOptions.Verdict verdict = StrictCoapOptions.check(raw.getBytes());
            if (verdict instanceof StrictCoapOptions.Pass pass) {
                receiver.receiveData(pass.message() == raw.getBytes() ? raw : RawData.inbound(pass.message(),
                        raw.getEndpointContext(), raw.isMulticast(), raw.getReceiveNanoTimestamp(),
                        raw.getConnectorAddress()));
            } else if (verdict instanceof StrictCoapOptions.Refuse refuse) {
                LOGGER.debug("{} to {}: {}", refuse.code(), raw.getEndpointContext().getPeerAddress(), refuse.why());
                send(RawData.outbound(refuse.response(), raw.getEndpointContext(), null, false));
            } else if (LOGGER.isDebugEnabled()) {
                LOGGER.debug("ignored from {}: {}", raw.getEndpointContext().getPeerAddress(),
                        ((StrictCoapOptions.Ignore) verdict).why());
            }
        });
    }

    /** DTLS sessions (and handshakes in progress) the connector holds now. */
    int connections() {
        return store.size();
    }

    /**
     * Counts a replay where whoever waits on the counters finds its consequences in place: a drop after the
     * connector counted it among all drops, a pass before CoAP can see the record.
     */
    @Override
    public void processRecord(Record record, Connection connection) {
        if (!alreadyReceived(record, connection)) {
            super.processRecord(record, connection);
        } else if (antiReplayFilter) {
            super.processRecord(record, connection);
            counters.replayedRecord(true);
        } else {
            counters.replayedRecord(false);
            super.processRecord(record, connection);
        }
    }

    /** The window refuses a record it has seen, and one left of it, which it cannot tell from a replay. */
    private boolean alreadyReceived(Record record, Connection connection) {
        int epoch = record.getEpoch();
        DTLSContext context = connection.getDtlsContext(epoch);
        return context != null && !connection.isClosed()
                && !context.isRecordProcessable(epoch, record.getSequenceNumber(), extendedWindow);
    }
}
