package io.cutover.simnode.consensus;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes and strictly reads the flat JSON objects the simulated nodes exchange: string, number,
 * boolean and null values only. Anything else is refused with a message, so that a peer answering
 * garbage is named as such.
 */
public final class FlatJson {

    private FlatJson() {
    }

    /** {@code {"k":v,...}}; String values are quoted and escaped, others written as they print. */
    public static String write(Map<String, ?> fields) {
        StringBuilder out = new StringBuilder("{");
        fields.forEach((k, v) -> {
            if (out.length() > 1) {
                out.append(',');
            }
            out.append(quote(k)).append(':').append(v instanceof String s ? quote(s) : String.valueOf(v));
        });
        return out.append('}').toString();
    }

    public static String quote(String s) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    /** The fields of one flat object; values are Strings (numbers and booleans as their text), null for null. */
    public static Map<String, String> read(String text) {
        return new Reader(text).object();
    }

    private static final class Reader {
        private final String s;
        private int i;

        Reader(String s) {
            this.s = s == null ? "" : s;
        }

        Map<String, String> object() {
            Map<String, String> fields = new LinkedHashMap<>();
            skip();
            expect('{');
            skip();
            if (peek() == '}') {
                i++;
            } else {
                while (true) {
                    skip();
                    String key = string();
                    skip();
                    expect(':');
                    skip();
                    fields.put(key, value());
                    skip();
                    char c = next();
                    if (c == '}') {
                        break;
                    }
                    if (c != ',') {
                        throw fail("expected , or }");
                    }
                }
            }
            skip();
            if (i != s.length()) {
                throw fail("text after the object");
            }
            return fields;
        }

        private String value() {
            char c = peek();
            if (c == '"') {
                return string();
            }
            int start = i;
            while (i < s.length() && "-+.0123456789eEtruefalsn".indexOf(s.charAt(i)) >= 0) {
                i++;
            }
            String token = s.substring(start, i);
            if (token.equals("null")) {
                return null;
            }
            if (token.equals("true") || token.equals("false") || token.matches("-?\\d+(\\.\\d+)?([eE][-+]?\\d+)?")) {
                return token;
            }
            throw fail("expected a string, number, boolean or null");
        }

        private String string() {
            expect('"');
            StringBuilder out = new StringBuilder();
            while (true) {
                char c = next();
                if (c == '"') {
                    return out.toString();
                }
                if (c == '\\') {
                    char e = next();
                    switch (e) {
                        case 'n' -> out.append('\n');
                        case 't' -> out.append('\t');
                        case 'r' -> out.append('\r');
                        case 'u' -> {
                            if (i + 4 > s.length()) {
                                throw fail("short \\u escape");
                            }
                            out.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
                            i += 4;
                        }
                        default -> out.append(e);
                    }
                } else {
                    out.append(c);
                }
            }
        }

        private void skip() {
            while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
                i++;
            }
        }

        private char peek() {
            if (i >= s.length()) {
                throw fail("unexpected end");
            }
            return s.charAt(i);
        }

        private char next() {
            char c = peek();
            i++;
            return c;
        }

        private void expect(char c) {
            if (next() != c) {
                throw fail("expected " + c);
            }
        }

        private IllegalArgumentException fail(String what) {
            return new IllegalArgumentException("not a flat JSON object (" + what + " at " + i + ")");
        }
    }
}
