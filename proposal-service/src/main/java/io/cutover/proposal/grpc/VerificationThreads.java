package io.cutover.proposal.grpc;

import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The threads that judge transactions arriving over gRPC (both APIs, unary and streamed): one per core. Judging is
 * CPU work, the Ed25519 check most of it, and Kafka's acknowledgement is awaited without holding a thread, so more
 * threads than cores only add switching between them. On the shared worker pool (a thread per request in flight, up
 * to ~200) the service spent 1.7 times the CPU per unary transaction and 1.2 times per streamed one
 * (docs/performance.md). A send that Kafka's producer blocks (no metadata yet, its buffer full) holds one of them.
 */
@ApplicationScoped
public class VerificationThreads {

    private final ExecutorService threads = Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors(),
            new Named());

    public Executor executor() {
        return threads;
    }

    @PreDestroy
    void stop() {
        threads.shutdown();
    }

    private static final class Named implements ThreadFactory {
        private final AtomicInteger count = new AtomicInteger();

        @Override
        public Thread newThread(Runnable task) {
            Thread thread = new Thread(task, "verifier-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        }
    }
}
