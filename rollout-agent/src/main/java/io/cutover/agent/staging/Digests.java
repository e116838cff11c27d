package io.cutover.agent.staging;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Streams a file's bytes through a JDK message digest, for every checksum the agent checks. */
public final class Digests {

    private Digests() {
    }

    /** The lowercase hex digest of everything {@code in} yields, with the JDK algorithm named (e.g. "SHA-256"). */
    public static String hex(String jdkAlgorithm, InputStream in) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance(jdkAlgorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        byte[] buffer = new byte[64 * 1024];
        int n;
        while ((n = in.read(buffer)) > 0) {
            digest.update(buffer, 0, n);
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
