package io.cutover.kafka;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The secured broker's TLS identity, made once per data folder with the JDK's keytool: a
 * self-signed certificate for 127.0.0.1 / localhost in {@code <data>/tls/broker.p12}, exported as
 * {@code <data>/tls/ca.pem}, the one certificate clients trust. The keystore password is read by
 * keytool from its 0600 file ({@code -storepass:file}), never given on its command line.
 */
final class BrokerCertificate {

    private static final String ALIAS = "broker";

    private final Path folder;
    private final Path passwordFile;

    BrokerCertificate(Path dataDir, Path passwordFile) {
        this.folder = dataDir.resolve("tls");
        this.passwordFile = passwordFile;
    }

    Path keyStore() {
        return folder.resolve("broker.p12");
    }

    /** The PEM certificate clients trust (SSL and SASL_SSL). */
    Path caCertificate() {
        return folder.resolve("ca.pem");
    }

    /** Makes the certificate on first use; later starts keep it. */
    void ensure() throws IOException, InterruptedException {
        if (Files.exists(keyStore()) && Files.exists(caCertificate())) {
            return;
        }
        Files.createDirectories(folder, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Files.deleteIfExists(keyStore());
        keytool("-genkeypair", "-alias", ALIAS, "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "3650",
                "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-storetype", "PKCS12",
                "-keystore", keyStore().toString());
        Files.setPosixFilePermissions(keyStore(), PosixFilePermissions.fromString("rw-------"));
        keytool("-exportcert", "-rfc", "-alias", ALIAS, "-keystore", keyStore().toString(), "-file", caCertificate().toString());
    }

    private void keytool(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString()));
        command.addAll(List.of(args));
        command.addAll(List.of("-storepass:file", passwordFile.toString()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IllegalStateException("keytool " + args[0] + " failed: " + output.strip());
        }
    }
}
