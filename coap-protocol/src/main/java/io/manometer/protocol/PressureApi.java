package io.manometer.protocol;

/** Names and limits of the {@code /pressure} resource that both sides and the docs rely on. */
public final class PressureApi {

    /** The resource path (one segment). */
    public static final String PATH = "pressure";
    /** Query parameter selecting one device's history. */
    public static final String QUERY_DEVICE = "device";
    /** Query parameter bounding the history length. */
    public static final String QUERY_LIMIT = "limit";
    /** History length when {@link #QUERY_LIMIT} is absent. */
    public static final int DEFAULT_HISTORY_LIMIT = 100;
    /** Largest history a single GET returns; larger limits are a 4.00. */
    public static final int MAX_HISTORY_LIMIT = 1000;
    /**
     * Largest POST body accepted. A reading is under 100 bytes; 4 KiB leaves room for SenML packs while keeping a
     * hostile peer from making the server buffer much (larger bodies get 4.13).
     */
    public static final int MAX_PAYLOAD_BYTES = 4096;
    /**
     * Most readings one SenML pack POST may carry (more is a 4.00). {@link #MAX_PAYLOAD_BYTES} already holds a pack
     * to about 40 readings as {@code SenmlReadingCodec#encodeAll} writes them and to under 100 in the densest form
     * a device can write; this bound keeps the work and the store writes one request can cause small whatever the
     * form, so one pack is always one short transaction.
     */
    public static final int MAX_PACK_READINGS = 64;

    private PressureApi() {
    }
}
