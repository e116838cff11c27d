package io.cutover.proposal.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.grpc.Attributes;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.Status;

/** The window: no more transactions read than it allows ahead of their answers, and each answer lets one more in. */
class StreamWindowTest {

    @Test
    void readsAheadOnlyAsFarAsTheWindowAndEachAnswerOpensItAgain() {
        CountingCall transport = new CountingCall();
        StreamWindow.WindowedCall<String, String> call = new StreamWindow.WindowedCall<>(transport, 3);

        // the handler asks for one message after each it receives, as gRPC's stream handlers do
        call.request(1);
        for (int i = 0; i < 3; i++) {
            assertThat(transport.requested).isEqualTo(i + 1);
            call.received();
            call.request(1);
        }
        assertThat(transport.requested).as("three unanswered: nothing more is read").isEqualTo(3);
        call.request(5);
        assertThat(transport.requested).isEqualTo(3);

        call.sendMessage("answer 0");
        assertThat(transport.requested).as("one answered: one more may come").isEqualTo(4);
        call.sendMessage("answer 1");
        call.sendMessage("answer 2");
        assertThat(transport.requested).isEqualTo(6);
        assertThat(transport.sent).isEqualTo(3);
    }

    @Test
    void aSlowSenderIsNeverHeldBack() {
        CountingCall transport = new CountingCall();
        StreamWindow.WindowedCall<String, String> call = new StreamWindow.WindowedCall<>(transport, 2);
        call.request(1);
        for (int i = 0; i < 100; i++) {
            call.received();
            call.sendMessage("answer");
            call.request(1);
        }
        assertThat(transport.requested).isEqualTo(101);
    }

    /** A server call that only counts what is asked of the transport. */
    private static final class CountingCall extends ServerCall<String, String> {
        int requested;
        int sent;

        @Override
        public void request(int numMessages) {
            requested += numMessages;
        }

        @Override
        public void sendHeaders(Metadata headers) {
        }

        @Override
        public void sendMessage(String message) {
            sent++;
        }

        @Override
        public void close(Status status, Metadata trailers) {
        }

        @Override
        public boolean isCancelled() {
            return false;
        }

        @Override
        public Attributes getAttributes() {
            return Attributes.EMPTY;
        }

        @Override
        public MethodDescriptor<String, String> getMethodDescriptor() {
            throw new UnsupportedOperationException();
        }
    }
}
