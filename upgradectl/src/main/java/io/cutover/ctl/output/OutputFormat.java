package io.cutover.ctl.output;

/** How a command prints its result. */
public enum OutputFormat {
    /** Words and tables for people. */
    text,
    /** JSON for scripts; protobuf messages use the proto3 JSON mapping, like Cutover's topics. */
    json
}
