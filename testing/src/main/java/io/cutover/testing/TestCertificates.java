package io.cutover.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

/**
 * Self-signed certificates made for one test run with the JDK's keytool: a server certificate for
 * localhost / 127.0.0.1 and a client certificate, each in a PKCS12 store, their PEM exports, and
 * trust stores holding the other side's certificate (for mutual TLS).
 */
public final class TestCertificates {

    public static final String PASSWORD = "cutover-test";

    private final Path dir;

    private TestCertificates(Path dir) {
        this.dir = dir;
    }

    public static TestCertificates generate() {
        try {
            Path dir = TestFiles.directory("cutover-certs-");
            TestCertificates certs = new TestCertificates(dir);
            certs.keytool("-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2",
                    "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-keystore", "server.p12");
            certs.keytool("-genkeypair", "-alias", "client", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2",
                    "-dname", "CN=upgradectl", "-keystore", "client.p12");
            certs.keytool("-exportcert", "-rfc", "-alias", "server", "-keystore", "server.p12", "-file", "server.pem");
            certs.keytool("-exportcert", "-rfc", "-alias", "client", "-keystore", "client.p12", "-file", "client.pem");
            certs.keytool("-importcert", "-noprompt", "-alias", "client", "-file", "client.pem", "-keystore", "server-trust.p12");
            certs.keytool("-importcert", "-noprompt", "-alias", "server", "-file", "server.pem", "-keystore", "client-trust.p12");
            return certs;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** server.p12, client.p12, server-trust.p12 (trusts the client), client-trust.p12 (trusts the server), server.pem, client.pem. */
    public Path file(String name) {
        return dir.resolve(name);
    }

    /** Key managers of the client certificate (mutual TLS). */
    public KeyManager[] clientKeyManagers() {
        return keyManagers("client.p12");
    }

    /** Trust managers that trust the server certificate only. */
    public TrustManager[] clientTrustManagers() {
        return trustManagers("client-trust.p12");
    }

    /** Key managers of the server certificate. */
    public KeyManager[] serverKeyManagers() {
        return keyManagers("server.p12");
    }

    /** Trust managers that trust the client certificate only. */
    public TrustManager[] serverTrustManagers() {
        return trustManagers("server-trust.p12");
    }

    /** The client's private key as an unencrypted PKCS#8 PEM file (client-key.pem), for tools that take PEM. */
    public Path clientKeyPem() {
        try {
            Path pem = file("client-key.pem");
            java.security.Key key = load("client.p12").getKey("client", PASSWORD.toCharArray());
            Files.writeString(pem, "-----BEGIN PRIVATE KEY-----\n"
                    + java.util.Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(key.getEncoded())
                    + "\n-----END PRIVATE KEY-----\n");
            return pem;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private KeyManager[] keyManagers(String store) {
        try {
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(load(store), PASSWORD.toCharArray());
            return kmf.getKeyManagers();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private TrustManager[] trustManagers(String store) {
        try {
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(load(store));
            return tmf.getTrustManagers();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A client TLS context trusting the server, presenting the client certificate when {@code withClientCertificate}. */
    public SSLContext clientContext(boolean withClientCertificate) {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(withClientCertificate ? clientKeyManagers() : null, clientTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private KeyStore load(String name) throws GeneralSecurityException {
        try (InputStream in = Files.newInputStream(file(name))) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, PASSWORD.toCharArray());
            return store;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void keytool(String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        command.addAll(List.of("-storetype", "PKCS12", "-storepass", PASSWORD));
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        try {
            String output = new String(process.getInputStream().readAllBytes());
            if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IOException("keytool " + String.join(" ", args) + " failed: " + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}
