package io.cutover.ctl.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyFileTest {

    @TempDir
    Path dir;

    @Test
    void writtenKeyReadsBackIdentical() {
        ValidatorKey key = ValidatorKey.generate();
        Path file = dir.resolve("validator.key");
        KeyFile.write(file, key, false);
        ValidatorKey read = KeyFile.read(file);
        assertThat(read.seedHex()).isEqualTo(key.seedHex());
        assertThat(read.publicKeyHex()).isEqualTo(key.publicKeyHex());
    }

    @Test
    void keyFileIsOwnerReadWriteOnlyAndItsNewFolderOwnerOnly() throws Exception {
        Path file = dir.resolve("new-folder/validator.key");
        KeyFile.write(file, ValidatorKey.generate(), false);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent()))).isEqualTo("rwx------");
        assertThat(KeyFile.readableByOthers(file)).isFalse();
        try (var files = Files.list(file.getParent())) {
            assertThat(files).containsExactly(file);
        }
    }

    @Test
    void keyFileIsTheDocumentedJson() throws Exception {
        ValidatorKey key = new ValidatorKey(new byte[32]);
        Path file = dir.resolve("k.json");
        KeyFile.write(file, key, false);
        String json = Files.readString(file);
        assertThat(json).contains("\"algorithm\" : \"ed25519\"", "\"seed\" : \"" + "00".repeat(32) + "\"",
                "\"pubKey\" : \"" + key.publicKeyHex() + "\"");
    }

    @Test
    void neverReplacesAKeyWithoutForce() {
        Path file = dir.resolve("validator.key");
        ValidatorKey first = ValidatorKey.generate();
        KeyFile.write(file, first, false);
        assertThatThrownBy(() -> KeyFile.write(file, ValidatorKey.generate(), false))
                .isInstanceOf(KeyFileException.class).hasMessageContaining("already exists").hasMessageContaining("--force");
        assertThat(KeyFile.read(file).seedHex()).isEqualTo(first.seedHex());
        ValidatorKey second = ValidatorKey.generate();
        KeyFile.write(file, second, true);
        assertThat(KeyFile.read(file).seedHex()).isEqualTo(second.seedHex());
    }

    @Test
    void refusesAFileWhosePublicKeyIsNotItsSeeds() throws Exception {
        Path file = dir.resolve("k.json");
        Files.writeString(file, "{\"algorithm\":\"ed25519\",\"seed\":\"" + "11".repeat(32) + "\",\"pubKey\":\"" + "22".repeat(32) + "\"}");
        assertThatThrownBy(() -> KeyFile.read(file)).isInstanceOf(KeyFileException.class).hasMessageContaining("damaged");
    }

    @Test
    void refusesMalformedKeyFiles() throws Exception {
        Path file = dir.resolve("k.json");
        Files.writeString(file, "{\"seed\":\"abc\"}");
        assertThatThrownBy(() -> KeyFile.read(file)).hasMessageContaining("64 hex");
        Files.writeString(file, "not json");
        assertThatThrownBy(() -> KeyFile.read(file)).hasMessageContaining("not valid JSON");
        Files.writeString(file, "{\"algorithm\":\"secp256k1\",\"seed\":\"" + "11".repeat(32) + "\"}");
        assertThatThrownBy(() -> KeyFile.read(file)).hasMessageContaining("secp256k1");
        Files.writeString(file, "[]");
        assertThatThrownBy(() -> KeyFile.read(file)).hasMessageContaining("not a JSON object");
    }

    @Test
    void missingKeyFileSaysHowToMakeOne() {
        assertThatThrownBy(() -> KeyFile.read(dir.resolve("absent.key")))
                .isInstanceOf(KeyFileException.class).hasMessageContaining("does not exist").hasMessageContaining("keygen");
    }

    @Test
    void noticesAKeyFileOthersCanRead() throws Exception {
        Path file = dir.resolve("k.json");
        KeyFile.write(file, ValidatorKey.generate(), false);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        assertThat(KeyFile.readableByOthers(file)).isTrue();
    }
}
