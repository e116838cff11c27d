package io.cutover.agent.checkpoint;

import java.util.function.Consumer;

import org.jboss.logging.Logger;

/**
 * Says how far a long copy got: a log line (and the given status text) at most every
 * {@code everyNanos}, so an operator watching a copy of many gigabytes sees it move.
 */
public final class ProgressReport {

    private static final Logger LOG = Logger.getLogger(ProgressReport.class);

    private final Consumer<String> status;
    private final long everyNanos;

    /**
     * @param status told the same text as the log (the agent's status line); {@code ""} when the copy ends
     */
    public ProgressReport(Consumer<String> status, long everyNanos) {
        this.status = status;
        this.everyNanos = everyNanos;
    }

    public static ProgressReport logOnly() {
        return new ProgressReport(text -> {
        }, 2_000_000_000L);
    }

    Tracker track(String what) {
        return new Tracker(what);
    }

    final class Tracker implements TreeCopy.Progress {
        private final String what;
        private long last = System.nanoTime();
        private boolean reported;

        Tracker(String what) {
            this.what = what;
        }

        @Override
        public void advanced(long doneBytes, long totalBytes) {
            long now = System.nanoTime();
            if (now - last < everyNanos) {
                return;
            }
            last = now;
            reported = true;
            String text = String.format("%s: %d of %d MiB (%d %%)", what, doneBytes >> 20, Checkpointer.mib(totalBytes),
                    totalBytes == 0 ? 100 : doneBytes * 100 / totalBytes);
            LOG.info(text);
            status.accept(text);
        }

        void finished() {
            if (reported) {
                status.accept("");
            }
        }
    }
}
