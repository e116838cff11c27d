package io.cutover.agent.staging;

/** The result of staging a release: the verified folder, or why not. */
public sealed interface StagingOutcome {

    /** @param checksumVerified false when no SHA-256 was known for the release (verification.requireChecksum = false) */
    record Staged(String folder, boolean checksumVerified) implements StagingOutcome {
    }

    record Failed(StagingProblem problem, String detail) implements StagingOutcome {

        @Override
        public String toString() {
            return problem + ": " + detail;
        }
    }
}
