package io.cutover.ctl.client;

import java.util.concurrent.TimeUnit;

import io.grpc.Grpc;
import io.grpc.ManagedChannel;

/** gRPC channels to Cutover's services: plaintext (loopback or a private network) or TLS (docs/security.md). */
final class Channels {

    private Channels() {
    }

    static ManagedChannel open(Endpoint endpoint, TransportSecurity security) {
        return Grpc.newChannelBuilderForAddress(endpoint.host(), endpoint.port(), security.channelCredentials())
                .userAgent("upgradectl")
                .build();
    }

    static void close(ManagedChannel channel) {
        channel.shutdownNow();
        try {
            channel.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
