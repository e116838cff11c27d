package io.cutover.ctl;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.cutover.testing.TestCertificates;
import io.grpc.TlsServerCredentials;

/** upgradectl --tls/--ca-file/--cert/--cert-key against a gRPC server that requires client certificates. */
class TlsOptionsTest {

    private static TestCertificates certs;
    private static FakeCutoverServer server;

    @BeforeAll
    static void start() {
        certs = TestCertificates.generate();
        server = FakeCutoverServer.start(TlsServerCredentials.newBuilder()
                .keyManager(certs.serverKeyManagers())
                .trustManager(certs.serverTrustManagers())
                .clientAuth(TlsServerCredentials.ClientAuth.REQUIRE)
                .build());
    }

    @AfterAll
    static void stop() throws InterruptedException {
        server.close();
    }

    @Test
    void mutualTlsWithTheCaAndAClientCertificateWorks() {
        Cli.Result result = Cli.run("network", "--endpoint", server.endpoint(), "--ca-file", certs.file("server.pem").toString(),
                "--cert", certs.file("client.pem").toString(), "--cert-key", certs.clientKeyPem().toString());
        assertThat(result.exitCode()).as(result.getErrorOutput()).isZero();
        assertThat(result.getOutput()).contains(FakeCutoverServer.CHAIN_ID);
    }

    @Test
    void withoutAClientCertificateTheServerIsUnreachable() {
        Cli.Result result = Cli.run("network", "--endpoint", server.endpoint(), "--ca-file", certs.file("server.pem").toString());
        assertThat(result.exitCode()).isEqualTo(ExitCode.UNREACHABLE.code());
    }

    @Test
    void plaintextToATlsServerIsUnreachable() {
        Cli.Result result = Cli.run("network", "--endpoint", server.endpoint());
        assertThat(result.exitCode()).isEqualTo(ExitCode.UNREACHABLE.code());
    }

    @Test
    void aCertificateWithoutItsKeyIsAUsageError() {
        Cli.Result result = Cli.run("network", "--endpoint", server.endpoint(), "--cert", certs.file("client.pem").toString());
        assertThat(result.exitCode()).isEqualTo(ExitCode.USAGE.code());
        assertThat(result.getErrorOutput()).contains("--cert and --cert-key go together");
    }
}
