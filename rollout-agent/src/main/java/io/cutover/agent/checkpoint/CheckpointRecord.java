package io.cutover.agent.checkpoint;

import java.time.Instant;

/**
 * One checkpoint as state.json records it.
 *
 * @param folder      the checkpoint's folder (absolute)
 * @param height      the height the node halted at
 * @param release     the release tag that produced the data (the one the node ran up to the halt)
 * @param strategy    the strategy actually used (a reflink that fell back to a copy says "copy")
 * @param files       files in the checkpoint
 * @param bytes       their total size
 * @param linkedFiles files hard-linked or cloned rather than copied
 * @param copiedBytes bytes written: the extra disk the checkpoint took
 * @param millis      how long it took
 */
public record CheckpointRecord(String folder, long height, String release, String strategy, long files, long bytes,
        long linkedFiles, long copiedBytes, long millis, Instant takenAt) {
}
