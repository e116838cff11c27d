package io.cutover.core.events;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;

/**
 * Topic values are the proto3 JSON mapping of the messages in {@code proto}: every field printed
 * (zero values too, so consumers see the whole record), proto field names in lowerCamelCase, and
 * unknown fields ignored on read so older readers accept newer writers.
 */
public final class EventJson {

    private static final JsonFormat.Printer PRINTER = JsonFormat.printer()
            .alwaysPrintFieldsWithNoPresence()
            .omittingInsignificantWhitespace();
    private static final JsonFormat.Parser PARSER = JsonFormat.parser().ignoringUnknownFields();

    private EventJson() {
    }

    public static String write(Message message) {
        try {
            return PRINTER.print(message);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalArgumentException("cannot print " + message.getDescriptorForType().getFullName(), e);
        }
    }

    /** Reads JSON into {@code builder}; throws {@link InvalidProtocolBufferException} when the JSON does not fit. */
    @SuppressWarnings("unchecked")
    public static <T extends Message> T read(String json, Message.Builder builder) throws InvalidProtocolBufferException {
        PARSER.merge(json, builder);
        return (T) builder.build();
    }
}
