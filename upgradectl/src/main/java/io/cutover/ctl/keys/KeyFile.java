package io.cutover.ctl.keys;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * The key file: JSON {@code {"algorithm":"ed25519","seed":"<64 hex>","pubKey":"<64 hex>"}}, owner
 * read/write only (0600). The public key is stored for people and checked against the seed on read.
 */
public final class KeyFile {

    public static final String ALGORITHM = "ed25519";
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> OWNER_DIR = PosixFilePermissions.fromString("rwx------");
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private KeyFile() {
    }

    /**
     * Writes {@code key} to {@code file} with permissions 0600, atomically: the file never exists with
     * wider permissions or half written. Refuses to replace an existing file unless {@code overwrite}.
     */
    public static void write(Path file, ValidatorKey key, boolean overwrite) {
        Path target = file.toAbsolutePath();
        if (!overwrite && Files.exists(target)) {
            throw new KeyFileException(file + " already exists; pass --force to replace it (the old key is lost)");
        }
        Map<String, String> content = new LinkedHashMap<>();
        content.put("algorithm", ALGORITHM);
        content.put("seed", key.seedHex());
        content.put("pubKey", key.publicKeyHex());
        try {
            Path dir = target.getParent();
            if (!Files.isDirectory(dir)) {
                Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(OWNER_DIR));
            }
            Path temp = Files.createTempFile(dir, ".key-", ".tmp", PosixFilePermissions.asFileAttribute(OWNER_ONLY));
            try {
                Files.write(temp, JSON.writeValueAsBytes(content));
                if (overwrite) {
                    Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } else {
                    Files.createLink(target, temp);
                }
            } finally {
                Files.deleteIfExists(temp);
            }
        } catch (FileAlreadyExistsException e) {
            throw new KeyFileException(file + " already exists; pass --force to replace it (the old key is lost)", e);
        } catch (AccessDeniedException e) {
            throw new KeyFileException("cannot write " + file + ": permission denied", e);
        } catch (IOException e) {
            throw new KeyFileException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /** Reads and checks a key file. */
    public static ValidatorKey read(Path file) {
        JsonNode json;
        try {
            json = JSON.readTree(Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            throw new KeyFileException("key file " + file + " does not exist (create one with `upgradectl keygen` or `upgradectl import`, or pass --key)", e);
        } catch (AccessDeniedException e) {
            throw new KeyFileException("cannot read key file " + file + ": permission denied", e);
        } catch (IOException e) {
            throw new KeyFileException("key file " + file + " is not valid JSON: " + e.getMessage(), e);
        }
        if (json == null || !json.isObject()) {
            throw new KeyFileException("key file " + file + " is not a JSON object");
        }
        String algorithm = json.path("algorithm").asText(ALGORITHM);
        if (!ALGORITHM.equals(algorithm)) {
            throw new KeyFileException("key file " + file + " holds a key of algorithm \"" + algorithm + "\", expected \"" + ALGORITHM + "\"");
        }
        String seedHex = json.path("seed").asText("");
        if (!seedHex.matches("[0-9a-fA-F]{64}")) {
            throw new KeyFileException("key file " + file + ": \"seed\" must be 64 hex characters");
        }
        ValidatorKey key = new ValidatorKey(HexFormat.of().parseHex(seedHex));
        String pubKey = json.path("pubKey").asText("");
        if (!pubKey.isEmpty() && !pubKey.equalsIgnoreCase(key.publicKeyHex())) {
            throw new KeyFileException("key file " + file + ": \"pubKey\" " + pubKey + " is not the public key of its seed ("
                    + key.publicKeyHex() + "); the file is damaged");
        }
        return key;
    }

    /** True when group or others may read the file (the caller warns, as ssh does). */
    public static boolean readableByOthers(Path file) {
        try {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
            return perms.contains(PosixFilePermission.GROUP_READ) || perms.contains(PosixFilePermission.OTHERS_READ);
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }
}
