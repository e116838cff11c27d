package io.cutover.ctl.output;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.cutover.proto.v1.Calendar;
import io.cutover.proto.v1.CalendarEntry;
import io.cutover.proto.v1.HostConflict;
import io.cutover.proto.v1.TargetOrigin;

/** The calendar of upcoming upgrades as aligned columns, then the hosts in conflict. */
public final class CalendarText {

    private static final String[] HEADER = {"CHAIN", "UPGRADE", "HEIGHT", "EXPECTED (UTC)", "WHEN", "±", "DRIFT", "READY POWER", "ORIGIN"};

    private CalendarText() {
    }

    public static List<String> lines(Calendar calendar, Instant now) {
        List<String> lines = new ArrayList<>();
        if (calendar.getEntriesCount() == 0) {
            lines.add("No upcoming upgrade.");
        } else {
            List<String[]> rows = new ArrayList<>();
            rows.add(HEADER);
            calendar.getEntriesList().forEach(e -> rows.add(row(e, now)));
            lines.addAll(aligned(rows));
        }
        for (HostConflict c : calendar.getConflictsList()) {
            lines.add("Conflict on host " + c.getHost() + ": " + String.join(" and ", c.getUpgradesList()) + " are expected within "
                    + Durations.words(java.time.Duration.ofSeconds(calendar.getConflictWindowSeconds())) + " of each other (nodes "
                    + String.join(", ", c.getNodesList()) + ")");
        }
        return lines;
    }

    private static String[] row(CalendarEntry e, Instant now) {
        boolean estimated = e.hasEstimatedAt();
        Instant at = estimated ? Instant.ofEpochSecond(e.getEstimatedAt().getSeconds(), e.getEstimatedAt().getNanos()) : null;
        String ready = e.getTotalPower() == 0 ? "-"
                : String.format(Locale.ROOT, "%.0f%% (%d/%d, needs %s)", 100.0 * e.getReadyPower() / e.getTotalPower(), e.getReadyPower(),
                        e.getTotalPower(), e.getThreshold());
        return new String[] {e.getChainId(), e.getUpgradeId(), Long.toUnsignedString(e.getHeight()),
            estimated ? Durations.utc(at) : "unknown", estimated ? Durations.relative(at, now) : "block time not measured yet",
            estimated ? Durations.words(java.time.Duration.ofSeconds(e.getUncertaintySeconds())) : "-",
            estimated && e.hasEstimatedAtApproval() ? Durations.signed(e.getDriftSeconds()) : "-", ready,
            e.getOrigin() == TargetOrigin.TARGET_ORIGIN_CHAIN ? "chain" : "cutover"};
    }

    private static List<String> aligned(List<String[]> rows) {
        int[] widths = new int[HEADER.length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        List<String> lines = new ArrayList<>();
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                line.append(i == 0 ? "" : "  ").append(i == row.length - 1 ? row[i] : String.format(Locale.ROOT, "%-" + widths[i] + "s", row[i]));
            }
            lines.add(line.toString().stripTrailing());
        }
        return lines;
    }
}
