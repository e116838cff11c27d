package io.cutover.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Release artifacts as nodes ship them, for tests and benchmarks: zip archives, padded to a real
 * release's size with incompressible bytes, and a download link of a given speed.
 */
public final class ReleaseArtifacts {

    private ReleaseArtifacts() {
    }

    /** A zip archive of {@code entries} (name → bytes), in name order. */
    public static byte[] zip(Map<String, byte[]> entries) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (Map.Entry<String, byte[]> e : new TreeMap<>(entries).entrySet()) {
                zip.putNextEntry(new ZipEntry(e.getKey()));
                zip.write(e.getValue());
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** {@code mebibytes} of incompressible bytes, the same for the same seed: the bulk of a padded release. */
    public static byte[] padding(int mebibytes, long seed) {
        byte[] bytes = new byte[mebibytes << 20];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    /**
     * Writes {@code body} no faster than {@code bytesPerSecond} (a modelled download link; 0 or less:
     * at once). Returns false when interrupted.
     */
    public static boolean writeThrottled(OutputStream out, byte[] body, long bytesPerSecond) throws IOException {
        if (bytesPerSecond <= 0) {
            out.write(body);
            return true;
        }
        long started = System.nanoTime();
        int chunk = 64 * 1024;
        for (int at = 0; at < body.length; at += chunk) {
            out.write(body, at, Math.min(chunk, body.length - at));
            long wait = started + (long) ((at + chunk) * 1e9 / bytesPerSecond) - System.nanoTime();
            if (wait > 0) {
                try {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
        }
        return true;
    }
}
