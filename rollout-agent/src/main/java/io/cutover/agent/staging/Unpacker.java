package io.cutover.agent.staging;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Unpacks a downloaded artifact into a folder: zip, tar.gz / tgz, or a bare binary. Entries that
 * would land outside the folder, absolute paths and links are refused (the whole archive is).
 */
public final class Unpacker {

    public static final class UnsafeArchiveException extends IOException {
        UnsafeArchiveException(String message) {
            super(message);
        }
    }

    private Unpacker() {
    }

    public static void unpack(Path artifact, String artifactName, Path into, String binaryName) throws IOException {
        Files.createDirectories(into);
        String name = artifactName.toLowerCase(Locale.ROOT);
        if (name.endsWith(".zip")) {
            unzip(artifact, into);
        } else if (name.endsWith(".tar.gz") || name.endsWith(".tgz")) {
            untar(artifact, into);
        } else {
            Path binary = into.resolve(binaryName).normalize();
            if (!binary.startsWith(into) || binary.equals(into)) {
                throw new UnsafeArchiveException("binary name escapes the release folder: " + binaryName);
            }
            Files.createDirectories(binary.getParent());
            Files.copy(artifact, binary, StandardCopyOption.REPLACE_EXISTING);
            Files.setPosixFilePermissions(binary, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    private static void unzip(Path artifact, Path into) throws IOException {
        try (ZipInputStream zip = new ZipInputStream(new BufferedInputStream(Files.newInputStream(artifact)))) {
            ZipEntry entry;
            boolean any = false;
            while ((entry = zip.getNextEntry()) != null) {
                any = true;
                write(zip, into, entry.getName(), entry.isDirectory(), false);
            }
            if (!any) {
                throw new UnsafeArchiveException("not a zip archive, or an empty one");
            }
        }
    }

    private static void untar(Path artifact, Path into) throws IOException {
        try (TarArchiveInputStream tar = new TarArchiveInputStream(new GZIPInputStream(
                new BufferedInputStream(Files.newInputStream(artifact))))) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                if (entry.isSymbolicLink() || entry.isLink()) {
                    throw new UnsafeArchiveException("link entries are refused: " + entry.getName() + " -> " + entry.getLinkName());
                }
                if (!entry.isFile() && !entry.isDirectory()) {
                    throw new UnsafeArchiveException("special file refused: " + entry.getName());
                }
                write(tar, into, entry.getName(), entry.isDirectory(), (entry.getMode() & 0100) != 0);
            }
        }
    }

    private static void write(InputStream in, Path into, String entryName, boolean directory, boolean executable) throws IOException {
        if (entryName.startsWith("/") || entryName.contains("\\")) {
            throw new UnsafeArchiveException("absolute or odd entry refused: " + entryName);
        }
        Path target = into.resolve(entryName).normalize();
        if (!target.startsWith(into) || target.equals(into) && !directory) {
            throw new UnsafeArchiveException("entry escapes the release folder: " + entryName);
        }
        if (directory) {
            Files.createDirectories(target);
            return;
        }
        Files.createDirectories(target.getParent());
        Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        if (executable) {
            Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }
}
