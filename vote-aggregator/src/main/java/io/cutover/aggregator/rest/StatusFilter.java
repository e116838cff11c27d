package io.cutover.aggregator.rest;

import java.util.Locale;
import java.util.Optional;

import io.cutover.proto.v1.ProposalStatus;

/** Reads {@code ?status=}: "approved", "APPROVED" or "PROPOSAL_STATUS_APPROVED"; absent lists every status. */
final class StatusFilter {

    private StatusFilter() {
    }

    static Optional<ProposalStatus> parse(String text) {
        if (text == null || text.isBlank()) {
            return Optional.of(ProposalStatus.PROPOSAL_STATUS_UNSPECIFIED);
        }
        String name = text.strip().toUpperCase(Locale.ROOT);
        if (!name.startsWith("PROPOSAL_STATUS_")) {
            name = "PROPOSAL_STATUS_" + name;
        }
        for (ProposalStatus status : ProposalStatus.values()) {
            if (status != ProposalStatus.UNRECOGNIZED && status.name().equals(name)) {
                return Optional.of(status);
            }
        }
        return Optional.empty();
    }
}
