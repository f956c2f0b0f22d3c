package io.manometer.server.storage;

/**
 * The write queue is full: the store is falling behind. The caller answers 5.03 so the device retries later
 * (RFC 7252 §5.9.3.4) instead of the server buffering without bound.
 */
public final class StoreOverloadedException extends StoreException {

    private static final long serialVersionUID = 1L;

    public StoreOverloadedException(String message) {
        super(message);
    }
}
