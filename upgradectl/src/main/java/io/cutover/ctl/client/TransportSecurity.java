package io.cutover.ctl.client;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import io.cutover.ctl.CommandFailure;
import io.cutover.ctl.ExitCode;
import io.grpc.ChannelCredentials;
import io.grpc.InsecureChannelCredentials;
import io.grpc.TlsChannelCredentials;

/**
 * How upgradectl connects to the services: plaintext, or TLS trusting the JDK's CAs or the PEM
 * certificates of {@code caFile}, optionally presenting a client certificate ({@code certFile} +
 * PKCS#8 {@code keyFile}, PEM) for mutual TLS.
 */
public record TransportSecurity(boolean tls, Optional<Path> caFile, Optional<Path> certFile, Optional<Path> keyFile) {

    public static final TransportSecurity PLAINTEXT = new TransportSecurity(false, Optional.empty(), Optional.empty(), Optional.empty());

    public String scheme() {
        return tls ? "https" : "http";
    }

    ChannelCredentials channelCredentials() {
        if (!tls) {
            return InsecureChannelCredentials.create();
        }
        try {
            TlsChannelCredentials.Builder builder = TlsChannelCredentials.newBuilder();
            if (caFile.isPresent()) {
                builder.trustManager(caFile.get().toFile());
            }
            if (certFile.isPresent()) {
                builder.keyManager(certFile.get().toFile(), keyFile.orElseThrow().toFile());
            }
            return builder.build();
        } catch (IOException e) {
            throw unreadable(e);
        }
    }

    SSLContext sslContext() {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            TrustManagerFactory tmf = null;
            if (caFile.isPresent()) {
                KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
                trust.load(null, null);
                int i = 0;
                for (Certificate cert : certificates(caFile.get())) {
                    trust.setCertificateEntry("ca-" + i++, cert);
                }
                tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                tmf.init(trust);
            }
            KeyManagerFactory kmf = null;
            if (certFile.isPresent()) {
                KeyStore keys = KeyStore.getInstance("PKCS12");
                keys.load(null, null);
                keys.setKeyEntry("client", privateKey(keyFile.orElseThrow()), new char[0],
                        certificates(certFile.get()).toArray(Certificate[]::new));
                kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                kmf.init(keys, new char[0]);
            }
            context.init(kmf == null ? null : kmf.getKeyManagers(), tmf == null ? null : tmf.getTrustManagers(), null);
            return context;
        } catch (IOException e) {
            throw unreadable(e);
        } catch (GeneralSecurityException e) {
            throw new CommandFailure(ExitCode.USAGE, "cannot use the TLS files: " + e.getMessage(), "", e);
        }
    }

    private static List<Certificate> certificates(Path pem) throws IOException, GeneralSecurityException {
        try (InputStream in = Files.newInputStream(pem)) {
            return List.copyOf(CertificateFactory.getInstance("X.509").generateCertificates(in));
        }
    }

    private static PrivateKey privateKey(Path pem) throws IOException, GeneralSecurityException {
        String text = Files.readString(pem);
        if (!text.contains("-----BEGIN PRIVATE KEY-----")) {
            throw new GeneralSecurityException(pem + " is not an unencrypted PKCS#8 PEM key (BEGIN PRIVATE KEY)");
        }
        String base64 = text.substring(text.indexOf("-----BEGIN PRIVATE KEY-----") + 27, text.indexOf("-----END PRIVATE KEY-----"));
        PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(Base64.getMimeDecoder().decode(base64));
        for (String algorithm : List.of("EC", "RSA", "Ed25519")) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(spec);
            } catch (GeneralSecurityException wrongAlgorithm) {
                // try the next one
            }
        }
        throw new GeneralSecurityException(pem + ": unsupported key algorithm (EC, RSA or Ed25519)");
    }

    private static CommandFailure unreadable(IOException e) {
        return new CommandFailure(ExitCode.USAGE, "cannot read a TLS file: " + e.getMessage(), "", e);
    }
}
