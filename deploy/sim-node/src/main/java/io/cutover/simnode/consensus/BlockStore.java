package io.cutover.simnode.consensus;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * The blocks a node has committed, one line each in {@code <home>/blocks.log}, which its peers
 * fetch to catch up. Blocks above a height a node restarts from (a snapshot) are forgotten.
 */
public final class BlockStore {

    public static final String FILE = "blocks.log";

    private final Path file;
    private final NavigableMap<Long, Block> blocks = new TreeMap<>();

    public BlockStore(Path home, long height) throws IOException {
        this.file = home.resolve(FILE);
        if (Files.exists(file)) {
            for (String line : Files.readAllLines(file)) {
                try {
                    Block b = Block.parseLine(line);
                    if (b.height() <= height) {
                        blocks.put(b.height(), b);
                    }
                } catch (IllegalArgumentException e) {
                    // a torn last line after a kill: the height file is the truth
                }
            }
            Files.writeString(file, String.join("", blocks.values().stream().map(b -> b.line() + "\n").toList()));
        }
    }

    synchronized Block get(long height) {
        return blocks.get(height);
    }

    synchronized void add(Block b) {
        blocks.put(b.height(), b);
        try {
            Files.writeString(file, b.line() + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** Up to {@code max} consecutive blocks from {@code from} on. */
    synchronized List<Block> from(long from, int max) {
        return blocks.tailMap(from, true).values().stream().limit(max).toList();
    }
}
