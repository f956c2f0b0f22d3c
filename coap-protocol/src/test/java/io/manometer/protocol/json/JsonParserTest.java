package io.manometer.protocol.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.manometer.protocol.json.JsonValue.JsonArray;
import io.manometer.protocol.json.JsonValue.JsonNumber;
import io.manometer.protocol.json.JsonValue.JsonObject;
import io.manometer.protocol.json.JsonValue.JsonString;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonParserTest {

    @Test
    void parses_nested_values_and_escapes() throws JsonSyntaxException {
        JsonValue value = JsonParser.parse(" {\"a\":[1,-2.5e1,\"x\\u0041\\n\"],\"b\":{},\"c\":null,\"d\":true} ");
        JsonObject object = (JsonObject) value;
        assertEquals(new JsonArray(List.of(new JsonNumber(new BigDecimal("1")), new JsonNumber(new BigDecimal("-25")),
                new JsonString("xA\n"))), object.get("a").orElseThrow());
        assertEquals(new JsonObject(Map.of()), object.get("b").orElseThrow());
    }

    @Test
    void error_names_the_offset() {
        JsonSyntaxException e = assertThrows(JsonSyntaxException.class, () -> JsonParser.parse("{\"a\":01}"));
        assertEquals("expected ',' or '}' at offset 6", e.getMessage());
    }

    @Test
    void writer_escapes_strings() {
        assertEquals("{\"k\":\"a\\\"b\\\\c\\u0001\"}",
                new JsonWriter().beginObject().name("k").value("a\"b\\c\u0001").endObject().toString());
    }

    @Test
    void numbers_are_written_without_exponent() {
        assertEquals("100000", JsonWriter.number(100000.0));
        assertEquals("0.0001", JsonWriter.number(0.0001));
        assertEquals("101.325", JsonWriter.number(101.325));
    }

    @Test
    void numbers_with_huge_exponents_or_lengths_are_refused_before_any_arithmetic() {
        String tooLong = "1234567890123456789012345678901234567890123";
        for (String number : new String[] {"1e999999999", "1.5e-999999999", "1e401", "1e-401", tooLong}) {
            JsonSyntaxException e = assertThrows(JsonSyntaxException.class, () -> JsonParser.parse(number));
            assertTrue(e.getMessage().length() < 80, e.getMessage());
        }
    }

    @Test
    void strings_with_and_without_escapes_read_the_same_as_before() throws JsonSyntaxException {
        assertEquals(new JsonString("dev-1/"), JsonParser.parse("\"dev-1/\""));
        assertEquals(new JsonString(""), JsonParser.parse("\"\""));
        assertEquals(new JsonString("plain then \"quoted\" \u00e9"),
                JsonParser.parse("\"plain then \\\"quoted\\\" \\u00e9\""));
        assertEquals("control character in string at offset 3",
                assertThrows(JsonSyntaxException.class, () -> JsonParser.parse("\"ab\u0001\"")).getMessage());
        assertEquals("unexpected end of input at offset 4",
                assertThrows(JsonSyntaxException.class, () -> JsonParser.parse("\"abc")).getMessage());
    }

    @Test
    void parsed_objects_keep_member_order_equal_their_copies_and_cannot_be_changed() throws JsonSyntaxException {
        JsonObject parsed = (JsonObject) JsonParser.parse("{\"z\":1,\"a\":\"x\"}");

        assertEquals(List.of("z", "a"), List.copyOf(parsed.members().keySet()));
        assertEquals(new JsonObject(parsed.members()), parsed);
        assertEquals(new JsonObject(parsed.members()).hashCode(), parsed.hashCode());
        assertEquals(new JsonString("x"), parsed.getOrNull("a"));
        assertEquals(null, parsed.getOrNull("b"));
        assertThrows(UnsupportedOperationException.class, () -> parsed.members().put("b", new JsonString("y")));
    }

    @Test
    void ordinary_exponents_still_parse() throws JsonSyntaxException {
        assertEquals(new JsonNumber(new BigDecimal("1e308")), JsonParser.parse("1e308"));
        assertEquals(new JsonNumber(new BigDecimal("2.5E-3")), JsonParser.parse("2.5E-3"));
    }
}
