package io.cutover.agent.staging;

/** Why a release could not be staged. Reported in last_error as "PROBLEM: detail". */
public enum StagingProblem {
    /** No folder for the tag, and auto-install is off or has no URL for this platform. */
    RELEASE_NOT_FOUND,
    /** requireChecksum is on and the approval has no SHA-256 for this platform. */
    CHECKSUM_MISSING,
    /** The binary or the downloaded artifact does not have the approved SHA-256. */
    CHECKSUM_MISMATCH,
    /** The approved URL could not be downloaded. */
    DOWNLOAD_FAILED,
    /** The archive is malformed or has an entry escaping its folder (or a link). */
    UNSAFE_ARCHIVE,
    /** The release folder has no usable run-config.toml or binary. */
    BAD_RELEASE_FOLDER,
    /** {@code <binary> version --output json} printed another tag. */
    WRONG_VERSION,
    /** {@code <binary> version --output json} failed, timed out or printed no version. */
    VERSION_CHECK_FAILED,
    /** A Cosmos plan's info is neither the binaries JSON nor a URL to it, or cannot be fetched. */
    PLAN_INFO_INVALID,
    /** A Cosmos plan lists binaries, but neither for this platform nor for "any". */
    NO_BINARY_FOR_PLATFORM,
    /** A {@code ?checksum=} of the wrong length or an unknown type. */
    CHECKSUM_INVALID
}
