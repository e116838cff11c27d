package io.cutover.aggregator.grpc;

import java.time.Instant;

import com.google.protobuf.Timestamp;

import io.cutover.aggregator.domain.NetworkOverview;
import io.cutover.aggregator.domain.calendar.CalendarView;
import io.cutover.proto.v1.Calendar;
import io.cutover.proto.v1.CalendarEntry;
import io.cutover.proto.v1.HostConflict;
import io.cutover.proto.v1.TargetOrigin;

/** The calendar as cutover.v1.Calendar. */
final class CalendarMessages {

    private CalendarMessages() {
    }

    static Calendar calendar(CalendarView view) {
        Calendar.Builder calendar = Calendar.newBuilder().setConflictWindowSeconds(view.conflictWindowSeconds());
        view.entries().forEach(e -> calendar.addEntries(entry(e)));
        view.conflicts().forEach(c -> calendar.addConflicts(HostConflict.newBuilder().setHost(c.host())
                .addAllUpgrades(c.upgrades()).addAllNodes(c.nodes())));
        return calendar.build();
    }

    private static CalendarEntry entry(CalendarView.Entry e) {
        CalendarEntry.Builder entry = CalendarEntry.newBuilder().setChainId(e.chainId()).setUpgradeId(e.upgradeId())
                .setReleaseTag(e.releaseTag()).setHeight(e.height())
                .setOrigin(e.origin() == NetworkOverview.Origin.APPROVED ? TargetOrigin.TARGET_ORIGIN_APPROVAL : TargetOrigin.TARGET_ORIGIN_CHAIN)
                .setNetworkHeight(e.networkHeight()).setBlockTimeMillis(e.blockTimeMillis()).setUncertaintySeconds(e.uncertaintySeconds())
                .setReadyPower(e.readyPower()).setTotalPower(e.totalPower()).setThreshold(e.threshold());
        if (e.estimatedAt() != null) {
            entry.setEstimatedAt(timestamp(e.estimatedAt()));
        }
        if (e.estimatedAtApproval() != null) {
            entry.setEstimatedAtApproval(timestamp(e.estimatedAtApproval()));
        }
        if (e.driftSeconds() != null) {
            entry.setDriftSeconds(e.driftSeconds());
        }
        return entry.build();
    }

    private static Timestamp timestamp(Instant at) {
        return Timestamp.newBuilder().setSeconds(at.getEpochSecond()).setNanos(at.getNano()).build();
    }
}
