package io.cutover.agent.checkpoint;

/** {@code [checkpoint] strategy}: how the node's data folder is saved at the halt. */
public enum CheckpointStrategy {
    /**
     * Immutable LSM table files ({@code *.sst}, {@code *.ldb}) hard-linked, every other file copied:
     * RocksDB's own checkpoint rule, safe for LevelDB, Pebble and RocksDB because table files are
     * never changed in place. Needs the checkpoint folder on the data's filesystem.
     */
    LINK("link"),
    /** A copy-on-write clone ({@code cp --reflink=always}) where the filesystem offers it, a full copy where not. */
    REFLINK("reflink"),
    /** A full copy, as Cosmovisor's backup. */
    COPY("copy"),
    /** No checkpoint. */
    NONE("none");

    private final String key;

    CheckpointStrategy(String key) {
        this.key = key;
    }

    /** The value of {@code [checkpoint] strategy}. */
    public String key() {
        return key;
    }

    /** Whether a file of the data folder is an immutable table file (linked, never copied, by {@link #LINK}). */
    public static boolean isTableFile(String fileName) {
        return fileName.endsWith(".sst") || fileName.endsWith(".ldb");
    }
}
