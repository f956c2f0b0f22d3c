package io.manometer.protocol.json;

import java.math.BigDecimal;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A parsed JSON value (RFC 8259). The protocol needs only flat objects and arrays of them, so a closed set of records
 * is enough and keeps the wire contract free of a JSON library.
 */
public sealed interface JsonValue {

    /** Name of the JSON type, used in diagnostics ("expected a number, got a string"). */
    String typeName();

    /**
     * A JSON object; member order is kept as received. A class rather than a record so that the parser can hand
     * over the map it built instead of having it copied: objects are most of what a reading or a pack parses into.
     */
    final class JsonObject implements JsonValue {
        private final Map<String, JsonValue> members;

        /** An object holding a copy of {@code members}, in their iteration order. */
        public JsonObject(Map<String, JsonValue> members) {
            this(new LinkedHashMap<>(members), true);
        }

        private JsonObject(LinkedHashMap<String, JsonValue> owned, boolean unused) {
            this.members = Collections.unmodifiableMap(owned);
        }

        /** For {@link JsonParser}, which hands over the map it built; nothing else may hold on to {@code built}. */
        static JsonObject owning(LinkedHashMap<String, JsonValue> built) {
            return new JsonObject(built, true);
        }

        public Map<String, JsonValue> members() {
            return members;
        }

        public Optional<JsonValue> get(String name) {
            return Optional.ofNullable(members.get(name));
        }

        /** The member's value, or null when absent: for decoders that look up every member of every record. */
        public JsonValue getOrNull(String name) {
            return members.get(name);
        }

        @Override
        public String typeName() {
            return "an object";
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof JsonObject object && members.equals(object.members);
        }

        @Override
        public int hashCode() {
            return members.hashCode();
        }

        @Override
        public String toString() {
            return "JsonObject[members=" + members + "]";
        }
    }

    /** A JSON array. */
    record JsonArray(List<JsonValue> elements) implements JsonValue {
        public JsonArray {
            elements = List.copyOf(elements);
        }

        @Override
        public String typeName() {
            return "an array";
        }
    }

    /** A JSON string. */
    record JsonString(String value) implements JsonValue {
        @Override
        public String typeName() {
            return "a string";
        }
    }

    /** A JSON number, kept exact so that integers are not silently rounded. */
    record JsonNumber(BigDecimal value) implements JsonValue {
        @Override
        public String typeName() {
            return "a number";
        }
    }

    /** {@code true} or {@code false}. */
    record JsonBoolean(boolean value) implements JsonValue {
        @Override
        public String typeName() {
            return "a boolean";
        }
    }

    /** {@code null}. */
    record JsonNull() implements JsonValue {
        @Override
        public String typeName() {
            return "null";
        }
    }
}
