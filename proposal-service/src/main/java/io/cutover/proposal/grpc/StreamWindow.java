package io.cutover.proposal.grpc;

import jakarta.enterprise.context.ApplicationScoped;

import io.cutover.proto.v1.ProposalServiceGrpc;
import io.grpc.ForwardingServerCall;
import io.grpc.ForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;

/**
 * Flow control for the SubmitTransactions stream: the service reads the next transaction of a stream only while
 * fewer than {@link #WINDOW} of its transactions are unanswered. A sender that writes further ahead is held back by
 * HTTP/2 flow control instead of filling the service's memory.
 */
@ApplicationScoped
public class StreamWindow implements ServerInterceptor {

    /** Unanswered transactions one stream may have: those being judged or written, and as many again queued. */
    static final int WINDOW = 2 * ProposalGrpcService.STREAM_IN_FLIGHT;

    private static final String STREAM_METHOD = ProposalServiceGrpc.getSubmitTransactionsMethod().getFullMethodName();

    @Override
    public <Q, A> ServerCall.Listener<Q> interceptCall(ServerCall<Q, A> call, Metadata headers, ServerCallHandler<Q, A> next) {
        if (!call.getMethodDescriptor().getFullMethodName().equals(STREAM_METHOD)) {
            return next.startCall(call, headers);
        }
        WindowedCall<Q, A> windowed = new WindowedCall<>(call, WINDOW);
        return new ForwardingServerCallListener.SimpleForwardingServerCallListener<>(next.startCall(windowed, headers)) {
            @Override
            public void onMessage(Q message) {
                windowed.received();
                super.onMessage(message);
            }
        };
    }

    /** Passes the handler's requests for more messages on only as far as the window allows; each answer opens it again. */
    static final class WindowedCall<Q, A> extends ForwardingServerCall.SimpleForwardingServerCall<Q, A> {
        private final int window;
        private int unanswered;
        private int requested; // asked of the transport, not yet received
        private int held; // asked by the handler, not yet passed on

        WindowedCall(ServerCall<Q, A> call, int window) {
            super(call);
            this.window = window;
        }

        @Override
        public void request(int messages) {
            synchronized (this) {
                held += messages;
            }
            release();
        }

        @Override
        public void sendMessage(A answer) {
            super.sendMessage(answer);
            synchronized (this) {
                unanswered--;
            }
            release();
        }

        synchronized void received() {
            requested--;
            unanswered++;
        }

        private void release() {
            int passed;
            synchronized (this) {
                passed = Math.min(held, window - unanswered - requested);
                if (passed <= 0) {
                    return;
                }
                held -= passed;
                requested += passed;
            }
            super.request(passed); // ServerCall.request may be called from any thread
        }
    }
}
