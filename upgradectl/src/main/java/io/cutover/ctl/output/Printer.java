package io.cutover.ctl.output;

import java.io.PrintWriter;
import java.io.UncheckedIOException;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.google.protobuf.Message;

import io.cutover.core.events.EventJson;

/** Where a command writes: results to stdout (text or JSON), warnings and errors to stderr. */
public final class Printer {

    private static final ObjectMapper PRETTY = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final ObjectMapper COMPACT = new ObjectMapper();

    private final PrintWriter out;
    private final PrintWriter err;
    private final OutputFormat format;

    public Printer(PrintWriter out, PrintWriter err, OutputFormat format) {
        this.out = out;
        this.err = err;
        this.format = format;
    }

    public boolean json() {
        return format == OutputFormat.json;
    }

    public synchronized void line(String text) {
        out.println(text);
        out.flush();
    }

    public synchronized void warn(String text) {
        err.println("upgradectl: " + text);
        err.flush();
    }

    /** One JSON document, indented. */
    public synchronized void json(Object value) {
        out.println(write(PRETTY, value));
        out.flush();
    }

    /** One JSON document on one line (for streams). */
    public synchronized void jsonLine(Object value) {
        out.println(write(COMPACT, value));
        out.flush();
    }

    /** A protobuf message as a JSON tree (proto3 JSON mapping, every field present). */
    public static JsonNode tree(Message message) {
        try {
            return COMPACT.readTree(EventJson.write(message));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String write(ObjectMapper mapper, Object value) {
        try {
            return mapper.writeValueAsString(value instanceof Message m ? tree(m) : value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
