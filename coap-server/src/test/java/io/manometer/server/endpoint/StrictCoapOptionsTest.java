package io.manometer.server.endpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.manometer.server.endpoint.StrictCoapOptions.Ignore;
import io.manometer.server.endpoint.StrictCoapOptions.Pass;
import io.manometer.server.endpoint.StrictCoapOptions.Refuse;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.eclipse.californium.core.coap.CoAP;
import org.eclipse.californium.core.coap.MediaTypeRegistry;
import org.eclipse.californium.core.coap.Message;
import org.eclipse.californium.core.coap.Request;
import org.eclipse.californium.core.coap.Token;
import org.eclipse.californium.core.network.serialization.UdpDataParser;
import org.eclipse.californium.core.network.serialization.UdpDataSerializer;
import org.junit.jupiter.api.Test;

class StrictCoapOptionsTest {

    private static final int POST = 2;
    private static final int GET = 1;
    private static final byte[] TOKEN = {1, 2, 3, 4};

    @Test
    void a_well_formed_request_passes_as_it_is() {
        Request request = Request.newPost();
        request.setURI("coap://127.0.0.1/pressure?limit=3");
        request.getOptions().setContentFormat(MediaTypeRegistry.APPLICATION_JSON).setAccept(50).setSize1(20)
                .addETag(new byte[] {1}).addETag(new byte[] {2});
        request.setPayload("{\"kPa\":101.3}");
        request.setMID(7);
        request.setToken(Token.fromProvider(TOKEN));
        byte[] bytes = new UdpDataSerializer().getByteArray(request);

        assertSame(bytes, ((Pass) StrictCoapOptions.check(bytes)).message());
    }

    @Test
    void a_request_in_an_ack_or_rst_is_ignored() {
        assertInstanceOf(Ignore.class, StrictCoapOptions.check(message(2, POST).build()));
        assertInstanceOf(Ignore.class, StrictCoapOptions.check(message(3, GET).build()));
    }

    @Test
    void responses_and_empty_messages_pass() {
        byte[] emptyAck = {0x60, 0, 0, 1};
        byte[] content = message(2, 2 << 5 | 5).option(12, 0, 0, 0).build();

        assertSame(emptyAck, ((Pass) StrictCoapOptions.check(emptyAck)).message());
        assertSame(content, ((Pass) StrictCoapOptions.check(content)).message());
    }

    @Test
    void oscore_is_a_bad_option_answered_in_an_ack_with_the_token_and_a_diagnostic() {
        byte[] request = message(0, POST).option(9, 1).option(11, 'p').build();

        Refuse refuse = assertInstanceOf(Refuse.class, StrictCoapOptions.check(request));

        assertEquals("4.02", refuse.code());
        Message response = new UdpDataParser().parseMessage(refuse.response());
        assertEquals(CoAP.Type.ACK, response.getType());
        assertEquals(CoAP.ResponseCode.BAD_OPTION.value, response.getRawCode());
        assertEquals(0x1234, response.getMID());
        assertArrayEquals(TOKEN, response.getTokenBytes());
        assertEquals("OSCORE (option 9) is not supported; use DTLS", response.getPayloadString());
    }

    @Test
    void proxy_uri_and_proxy_scheme_are_not_supported_and_a_non_gets_a_non() {
        Refuse uri = assertInstanceOf(Refuse.class,
                StrictCoapOptions.check(message(0, GET).option(35, "coap://evil.example/x").build()));
        Refuse scheme = assertInstanceOf(Refuse.class,
                StrictCoapOptions.check(message(1, GET).option(39, "http").build()));

        assertEquals("5.05", uri.code());
        assertEquals(CoAP.Type.NON, new UdpDataParser().parseMessage(scheme.response()).getType());
        assertEquals(CoAP.ResponseCode.PROXY_NOT_SUPPORTED.value,
                new UdpDataParser().parseMessage(scheme.response()).getRawCode());
    }

    @Test
    void a_repeated_or_overlong_critical_option_is_a_bad_option() {
        assertEquals("4.02", ((Refuse) StrictCoapOptions.check(message(0, GET).option(17, 0).option(17, 50)
                .build())).code());
        assertEquals("4.02", ((Refuse) StrictCoapOptions.check(message(0, GET).option(7, 1, 2, 3).build())).code());
        assertEquals("4.02", ((Refuse) StrictCoapOptions.check(message(0, POST).option(27, 0, 0, 0, 1).build()))
                .code());
        assertEquals("4.02", ((Refuse) StrictCoapOptions.check(message(0, GET).option(3, "a").option(3, "b")
                .build())).code());
        assertInstanceOf(Refuse.class, StrictCoapOptions.check(message(0, GET).option(5, 1).build()));
    }

    @Test
    void repeated_uri_path_and_etag_are_allowed() {
        byte[] bytes = message(0, GET).option(4, 1).option(4, 2).option(11, 'a').option(11, 'b').build();

        assertSame(bytes, ((Pass) StrictCoapOptions.check(bytes)).message());
    }

    @Test
    void an_overlong_or_repeated_elective_option_is_removed_and_the_rest_kept() {
        byte[] bytes = message(0, POST).option(11, "pressure").option(12, 0, 0, 50).option(60, 1).build(
                "{\"kPa\":1}");

        Pass pass = assertInstanceOf(Pass.class, StrictCoapOptions.check(bytes));

        Request request = (Request) new UdpDataParser().parseMessage(pass.message());
        assertEquals("pressure", request.getOptions().getUriPathString());
        assertEquals(MediaTypeRegistry.UNDEFINED, request.getOptions().getContentFormat());
        assertEquals(1, request.getOptions().getSize1());
        assertEquals("{\"kPa\":1}", request.getPayloadString());

        byte[] twice = message(0, POST).option(11, "pressure").option(12, 50).option(12, 0).option(60, 1).build(
                "{\"kPa\":1}");
        Request first = (Request) new UdpDataParser().parseMessage(((Pass) StrictCoapOptions.check(twice)).message());
        assertEquals(MediaTypeRegistry.APPLICATION_JSON, first.getOptions().getContentFormat());
        assertEquals(1, first.getOptions().getSize1());
    }

    @Test
    void malformed_messages_are_left_to_californium() {
        byte[] truncatedOption = Arrays.copyOf(message(0, GET).option(11, "pressure").build(), 4 + 4 + 3);
        byte[] reservedNibble = {0x44, 1, 0, 1, 1, 2, 3, 4, (byte) 0xf0};
        byte[] tokenTooLong = {0x49, 1, 0, 1};

        for (byte[] bytes : new byte[][] {truncatedOption, reservedNibble, tokenTooLong, {0x40}}) {
            assertSame(bytes, ((Pass) StrictCoapOptions.check(bytes)).message());
        }
    }

    private static Builder message(int type, int code) {
        return new Builder(type, code);
    }

    /** Raw CoAP bytes with options in the order given (ascending numbers), so repeats and odd lengths can be made. */
    private static final class Builder {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private int number;

        Builder(int type, int code) {
            out.write(1 << 6 | type << 4 | TOKEN.length);
            out.write(code);
            out.write(0x12);
            out.write(0x34);
            out.writeBytes(TOKEN);
        }

        Builder option(int option, String value) {
            return option(option, value.getBytes(StandardCharsets.UTF_8));
        }

        Builder option(int option, int... value) {
            byte[] bytes = new byte[value.length];
            for (int i = 0; i < value.length; i++) {
                bytes[i] = (byte) value[i];
            }
            return option(option, bytes);
        }

        Builder option(int option, byte[] value) {
            int delta = option - number;
            number = option;
            out.write(nibble(delta) << 4 | nibble(value.length));
            extended(delta);
            extended(value.length);
            out.writeBytes(value);
            return this;
        }

        private static int nibble(int n) {
            return n < 13 ? n : n < 269 ? 13 : 14;
        }

        private void extended(int n) {
            if (n >= 269) {
                out.write((n - 269) >> 8);
                out.write((n - 269) & 0xff);
            } else if (n >= 13) {
                out.write(n - 13);
            }
        }

        byte[] build() {
            return out.toByteArray();
        }

        byte[] build(String payload) {
            out.write(0xff);
            out.writeBytes(payload.getBytes(StandardCharsets.UTF_8));
            return out.toByteArray();
        }
    }
}
