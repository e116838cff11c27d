package io.cutover.ctl.client;

import java.net.URI;
import java.net.URISyntaxException;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** A service address, {@code host:port}; gRPC and REST share the port (Quarkus' unified server). */
public record Endpoint(String host, int port) {

    public static Endpoint parse(String text) {
        try {
            URI uri = new URI("grpc://" + text.strip());
            if (uri.getHost() == null || uri.getPort() < 1 || uri.getPort() > 65535
                    || !(uri.getPath() == null || uri.getPath().isEmpty()) || uri.getUserInfo() != null) {
                throw new IllegalArgumentException();
            }
            return new Endpoint(uri.getHost(), uri.getPort());
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw new TypeConversionException("'" + text + "' is not host:port (for example 127.0.0.1:8081)");
        }
    }

    /** The gRPC target string. */
    public String target() {
        return host + ":" + port;
    }

    public URI httpUri(String path) {
        return uri("http", path);
    }

    public URI uri(String scheme, String path) {
        return URI.create(scheme + "://" + target() + path);
    }

    @Override
    public String toString() {
        return target();
    }

    /** picocli converter, so a malformed endpoint is a usage error. */
    public static final class Converter implements ITypeConverter<Endpoint> {
        @Override
        public Endpoint convert(String value) {
            return parse(value);
        }
    }
}
