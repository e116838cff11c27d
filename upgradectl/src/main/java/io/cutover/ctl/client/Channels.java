package io.cutover.ctl.client;

import java.util.concurrent.TimeUnit;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;

/** Plaintext gRPC channels to Cutover's services (they bind to loopback or a private network). */
final class Channels {

    private Channels() {
    }

    static ManagedChannel open(Endpoint endpoint) {
        return ManagedChannelBuilder.forAddress(endpoint.host(), endpoint.port())
                .usePlaintext()
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
