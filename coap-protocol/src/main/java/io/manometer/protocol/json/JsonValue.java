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

    /** A JSON object; member order is kept as received. */
    record JsonObject(Map<String, JsonValue> members) implements JsonValue {
        public JsonObject {
            members = Collections.unmodifiableMap(new LinkedHashMap<>(members));
        }

        public Optional<JsonValue> get(String name) {
            return Optional.ofNullable(members.get(name));
        }

        @Override
        public String typeName() {
            return "an object";
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
