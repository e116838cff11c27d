package io.cutover.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Owns every process a test class starts: after the class, any process it started that is still
 * alive (a child, a grandchild, or an orphan whose parent died, such as the node of a SIGKILLed agent)
 * is killed with its whole tree, and the class fails, naming the processes.
 *
 * <p>Registered for every test class by JUnit's extension auto-detection (the build turns it on). It
 * knows the processes of this test run by a marker: the build sets {@link #RUN_MARK} in the test JVM's
 * environment and every process started from it inherits it; only processes carrying this run's
 * marker are ever looked at or killed, never anyone else's. Without the marker (a test run from an
 * IDE) it falls back to this JVM's descendants. Processes shared between classes (the broker of
 * {@link KafkaBrokerExtension}) carry {@link #SHARED_MARK} and are left alone.
 */
public final class TestProcesses implements BeforeAllCallback, AfterAllCallback {

    /** Environment variable the build sets on the test JVM; inherited by every process a test starts. */
    public static final String RUN_MARK = "CUTOVER_TEST_RUN";
    /** Environment variable of processes that outlive a test class on purpose (the shared broker). */
    static final String SHARED_MARK = "CUTOVER_TEST_SHARED";

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(TestProcesses.class);

    @Override
    public void beforeAll(ExtensionContext context) {
        Set<Long> before = owned().map(ProcessHandle::pid).collect(Collectors.toSet());
        context.getStore(NAMESPACE).put("before", before);
    }

    @Override
    @SuppressWarnings("unchecked")
    public void afterAll(ExtensionContext context) throws Exception {
        Set<Long> before = context.getStore(NAMESPACE).get("before", Set.class);
        List<ProcessHandle> leftovers = awaitGone(before, 5);
        if (leftovers.isEmpty()) {
            return;
        }
        List<String> described = leftovers.stream().map(TestProcesses::describe).toList();
        leftovers.forEach(TestProcesses::killTree);
        throw new AssertionError(context.getRequiredTestClass().getName() + " left " + leftovers.size()
                + " process(es) running after it ended (now killed): " + described);
    }

    /**
     * Processes of this run alive now that were not there before; waits up to {@code seconds} for those
     * stopping anyway. "None" counts only when seen twice in a row: a process caught in the middle of
     * exec shows an empty environment for a moment, so one look could miss it.
     */
    private static List<ProcessHandle> awaitGone(Set<Long> before, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        boolean noneSeenBefore = false;
        while (true) {
            List<ProcessHandle> alive = owned().filter(p -> before == null || !before.contains(p.pid())).filter(p -> !isShared(p)).toList();
            if ((alive.isEmpty() && noneSeenBefore) || (!alive.isEmpty() && System.nanoTime() > deadline)) {
                return alive;
            }
            noneSeenBefore = alive.isEmpty();
            Thread.sleep(200);
        }
    }

    /** The processes of this test run other than this JVM: carrying this run's marker, or (without one) its descendants. */
    static Stream<ProcessHandle> owned() {
        ProcessHandle self = ProcessHandle.current();
        Optional<String> mark = Optional.ofNullable(System.getenv(RUN_MARK)).filter(v -> !v.isBlank());
        if (mark.isEmpty()) {
            return self.descendants().filter(ProcessHandle::isAlive);
        }
        String entry = RUN_MARK + "=" + mark.get();
        return ProcessHandle.allProcesses().filter(p -> p.pid() != self.pid()).filter(ProcessHandle::isAlive)
                .filter(p -> environment(p).contains(entry));
    }

    private static boolean isShared(ProcessHandle process) {
        return environment(process).stream().anyMatch(e -> e.startsWith(SHARED_MARK + "="));
    }

    /** A process's environment (Linux {@code /proc/PID/environ}); empty when it is gone or not readable. */
    private static List<String> environment(ProcessHandle process) {
        try {
            byte[] raw = Files.readAllBytes(Path.of("/proc", Long.toString(process.pid()), "environ"));
            return List.of(new String(raw, StandardCharsets.UTF_8).split("\0"));
        } catch (IOException | SecurityException unreadable) {
            return List.of();
        }
    }

    private static String describe(ProcessHandle process) {
        return process.pid() + " " + process.info().commandLine().orElse("?");
    }

    /** SIGKILL a process and everything below it, the deepest first, so nothing is orphaned on the way. */
    static void killTree(ProcessHandle root) {
        List<ProcessHandle> tree = new ArrayList<>(root.descendants().toList());
        tree.sort(Comparator.comparingInt(TestProcesses::depthBelow).reversed());
        tree.add(root);
        tree.forEach(ProcessHandle::destroyForcibly);
        for (ProcessHandle p : tree) {
            try {
                p.onExit().get(10, TimeUnit.SECONDS);
            } catch (Exception stillThere) {
                // reported by the caller's next look
            }
        }
    }

    private static int depthBelow(ProcessHandle process) {
        int depth = 0;
        Optional<ProcessHandle> parent = process.parent();
        while (parent.isPresent() && depth < 64) {
            depth++;
            parent = parent.get().parent();
        }
        return depth;
    }
}
