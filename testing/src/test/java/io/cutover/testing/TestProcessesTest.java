package io.cutover.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/** Runs small test classes through the JUnit launcher and checks what {@link TestProcesses} makes of them. */
class TestProcessesTest {

    static volatile ProcessHandle started;

    @Test
    void aClassThatLeavesItsChildRunningFailsNamingItAndTheChildIsKilled() throws Exception {
        TestExecutionSummary summary = run(LeavesAChild.class);
        assertThat(summary.getTotalFailureCount()).isEqualTo(1);
        Throwable failure = summary.getFailures().get(0).getException();
        assertThat(failure).hasMessageContaining(LeavesAChild.class.getName()).hasMessageContaining("left 1 process(es)")
                .hasMessageContaining("sleep");
        assertThat(started.onExit().get(10, TimeUnit.SECONDS).isAlive()).isFalse();
    }

    @Test
    void anOrphanWhoseParentExitedIsFoundByTheRunMarker() throws Exception {
        assumeTrue(System.getenv(TestProcesses.RUN_MARK) != null, "the build sets " + TestProcesses.RUN_MARK);
        TestExecutionSummary summary = run(LeavesAnOrphan.class);
        assertThat(summary.getTotalFailureCount()).isEqualTo(1);
        assertThat(summary.getFailures().get(0).getException()).hasMessageContaining(LeavesAnOrphan.class.getName())
                .hasMessageContaining("sleep 301");
        assertThat(TestProcesses.owned().filter(p -> p.info().commandLine().orElse("").contains("sleep 301")).toList()).isEmpty();
    }

    @Test
    void aClassThatStopsWhatItStartedPasses() {
        TestExecutionSummary summary = run(StopsItsChild.class);
        assertThat(summary.getTotalFailureCount()).isZero();
        assertThat(summary.getTestsSucceededCount()).isEqualTo(1);
    }

    private static TestExecutionSummary run(Class<?> testClass) {
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request().selectors(selectClass(testClass)).build();
        Launcher launcher = LauncherFactory.create();
        SummaryGeneratingListener listener = new SummaryGeneratingListener();
        launcher.execute(request, listener);
        return listener.getSummary();
    }

    @ExtendWith(TestProcesses.class)
    static class LeavesAChild {
        @Test
        void startsSleep() throws IOException {
            started = new ProcessBuilder("sleep", "300").start().toHandle();
        }
    }

    @ExtendWith(TestProcesses.class)
    static class LeavesAnOrphan {
        @Test
        void startsAShellThatLeavesSleepBehind() throws Exception {
            Process shell = new ProcessBuilder("sh", "-c", "sleep 301 >/dev/null 2>&1 &").start();
            assertThat(shell.waitFor(10, TimeUnit.SECONDS)).isTrue();
        }
    }

    @ExtendWith(TestProcesses.class)
    static class StopsItsChild {
        @Test
        void startsAndStopsSleep() throws Exception {
            Process sleep = new ProcessBuilder("sleep", "300").start();
            sleep.destroy();
            assertThat(sleep.waitFor(10, TimeUnit.SECONDS)).isTrue();
            assertThat(List.of(sleep.isAlive())).containsExactly(false);
        }
    }
}
