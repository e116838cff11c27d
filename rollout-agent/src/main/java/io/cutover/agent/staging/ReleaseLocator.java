package io.cutover.agent.staging;

import java.io.IOException;
import java.util.Optional;

/** Where to download a release that is not installed and whose target names no download URL. */
public interface ReleaseLocator {

    /** The "cutover" source: only the URL in the approval is ever downloaded. */
    ReleaseLocator APPROVED_URL_ONLY = new ReleaseLocator() {
        @Override
        public Optional<String> locate(String tag) {
            return Optional.empty();
        }

        @Override
        public String describe(String platform) {
            return "the approval has no download URL for " + platform;
        }
    };

    /** The URL of this platform's artifact of release {@code tag}, or empty when there is none; throws {@link Stager.Failure}. */
    Optional<String> locate(String tag) throws IOException;

    /** Why nothing was found, for the staging error. */
    String describe(String platform);
}
