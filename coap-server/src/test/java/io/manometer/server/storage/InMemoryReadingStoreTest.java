package io.manometer.server.storage;

/** The in-memory store keeps the {@link ReadingStoreContract}; it is the reference the durable stores follow. */
class InMemoryReadingStoreTest extends ReadingStoreContract {

    @Override
    ReadingStore newStore() {
        return new InMemoryReadingStore();
    }
}
