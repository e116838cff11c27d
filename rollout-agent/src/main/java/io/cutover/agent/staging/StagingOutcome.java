package io.cutover.agent.staging;

/** The result of staging a release: the verified folder, or why not. */
public sealed interface StagingOutcome {

    record Staged(String folder) implements StagingOutcome {
    }

    record Failed(StagingProblem problem, String detail) implements StagingOutcome {

        @Override
        public String toString() {
            return problem + ": " + detail;
        }
    }
}
