package io.cutover.core.quorum;

import java.util.List;

/** The outcome of checking an approval's quorum certificate: verified, or refused with a reason. */
public sealed interface CertificateVerdict {

    boolean verified();

    /** Every transaction verified; {@code signers} are the approving validators' names. */
    record Verified(List<String> signers, long approvingPower, long totalPower) implements CertificateVerdict {

        public Verified {
            signers = List.copyOf(signers);
        }

        @Override
        public boolean verified() {
            return true;
        }
    }

    record Refused(CertificateProblem problem, String detail) implements CertificateVerdict {

        @Override
        public boolean verified() {
            return false;
        }

        @Override
        public String toString() {
            return problem + ": " + detail;
        }
    }
}
