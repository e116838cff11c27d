package io.cutover.core.quorum;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import com.google.protobuf.ByteString;

import io.cutover.core.network.NetworkConfig;

/**
 * What verifying a list of signed transactions shares: each entry checked ({@link CertificateEntry})
 * and judged by what it must sign, each signer counted once, and their voting power held against the
 * network's threshold.
 */
final class CertificateSigners {

    /** Judges what one entry signs: empty when it signs what the certificate is about, else the refusal. */
    @FunctionalInterface
    interface Content {
        Optional<CertificateVerdict.Refused> problem(CertificateEntry entry, String where);
    }

    private CertificateSigners() {
    }

    /**
     * @param field the certificate's field name, to say where a bad entry is ("rejection_certificate")
     * @param role  the signers in words ("rejecters"), for the refusal on too little power
     */
    static CertificateVerdict verify(List<ByteString> certificate, String field, String role, NetworkConfig network, Content content) {
        Set<String> seen = new HashSet<>();
        List<String> signers = new ArrayList<>();
        long power = 0;
        int index = 0;
        for (ByteString raw : certificate) {
            String where = field + "[" + index++ + "]";
            CertificateEntry.Result checked = CertificateEntry.check(raw, where, network);
            if (checked.refused() != null) {
                return checked.refused();
            }
            CertificateEntry entry = checked.entry();
            Optional<CertificateVerdict.Refused> problem = content.problem(entry, where);
            if (problem.isPresent()) {
                return problem.get();
            }
            if (!seen.add(entry.signer())) {
                return new CertificateVerdict.Refused(CertificateProblem.DUPLICATE_SIGNER, where + ": " + entry.validator().name() + " signs twice");
            }
            signers.add(entry.validator().name());
            power += entry.validator().votingPower();
        }
        long total = network.totalVotingPower();
        if (!network.threshold().isMetBy(power, total)) {
            return new CertificateVerdict.Refused(CertificateProblem.INSUFFICIENT_POWER, role + " hold " + power + " of " + total
                    + " voting power; the threshold is " + network.threshold() + " (at least " + network.threshold().minimumPower(total) + ")");
        }
        return new CertificateVerdict.Verified(signers, power, total);
    }
}
