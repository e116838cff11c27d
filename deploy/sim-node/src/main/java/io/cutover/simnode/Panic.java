package io.cutover.simnode;

import java.io.PrintStream;
import java.time.Duration;
import java.util.function.LongSupplier;

/** A release that cannot make the next block: it answers its status for a moment, then exits 2 as a Go node's panic does. */
public final class Panic {

    /** Set by a launcher made with --panic-past-start: the release starts but panics at the first block past its start height. */
    public static final String PROPERTY = "simnode.panicPastStart";

    private Panic() {
    }

    /** Whether this JVM is a release baked to panic past its start height. */
    public static boolean baked() {
        return Boolean.getBoolean(PROPERTY);
    }

    /** After {@code delay}, prints the panic (naming the block {@code height} + 1 it cannot make) and exits 2. */
    public static void after(Duration delay, String version, LongSupplier height, PrintStream err) {
        Thread panic = new Thread(() -> {
            try {
                Thread.sleep(delay.toMillis());
            } catch (InterruptedException e) {
                return;
            }
            err.println("panic: release " + version + " cannot make block " + (height.getAsLong() + 1) + " (--panic-past-start)");
            err.flush();
            Runtime.getRuntime().halt(2);
        }, "panic-past-start");
        panic.setDaemon(true);
        panic.start();
    }
}
