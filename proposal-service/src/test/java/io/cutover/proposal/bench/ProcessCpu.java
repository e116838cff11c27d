package io.cutover.proposal.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** CPU time a process has used so far (user + system), from /proc/PID/stat, in microseconds. */
final class ProcessCpu {

    /** Linux reports utime and stime in clock ticks of 1/100 s (USER_HZ). */
    private static final long MICROS_PER_TICK = 10_000;

    private ProcessCpu() {
    }

    static long micros(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // the command name (field 2) may hold spaces: count fields after its closing parenthesis
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * MICROS_PER_TICK;
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the CPU time of process " + pid, e);
        }
    }
}
