package io.cutover.proposal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import io.cutover.proto.v1.GetNetworkInfoRequest;
import io.cutover.proto.v1.ProposalServiceGrpc;
import io.cutover.testing.KafkaBrokerResource;
import io.grpc.ChannelCredentials;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.TlsChannelCredentials;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/** gRPC and REST over TLS with required client certificates, configured only by properties; plaintext is refused. */
@QuarkusTest
@WithTestResource(KafkaBrokerResource.class)
@WithTestResource(TestNetwork.class)
@WithTestResource(MutualTlsResource.class)
@TestProfile(MutualTlsTest.ClientCertificateRequired.class)
class MutualTlsTest {

    /** quarkus.http.ssl.client-auth is fixed when the application is built; the certificates are runtime settings. */
    public static class ClientCertificateRequired implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.http.ssl.client-auth", "REQUIRED");
        }
    }

    private static int tlsPort() {
        return ConfigProvider.getConfig().getValue("quarkus.http.test-ssl-port", Integer.class);
    }

    @Test
    void grpcAndRestAnswerOverTlsToAClientWithItsCertificate() throws Exception {
        ChannelCredentials tls = TlsChannelCredentials.newBuilder()
                .keyManager(MutualTlsResource.certificates.clientKeyManagers())
                .trustManager(MutualTlsResource.certificates.clientTrustManagers()).build();
        assertThat(networkInfo(tls).getChainId()).isEqualTo(TestNetwork.CHAIN);

        HttpResponse<String> rest = https(true).send(HttpRequest.newBuilder(
                URI.create("https://localhost:" + tlsPort() + "/api/v1/network")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(rest.statusCode()).isEqualTo(200);
        assertThat(rest.body()).contains(TestNetwork.CHAIN);
    }

    @Test
    void aClientWithoutACertificateIsRefused() {
        ChannelCredentials serverOnly = TlsChannelCredentials.newBuilder()
                .trustManager(MutualTlsResource.certificates.clientTrustManagers()).build();
        assertThatThrownBy(() -> networkInfo(serverOnly)).isInstanceOfSatisfying(StatusRuntimeException.class,
                e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE));

        assertThatThrownBy(() -> https(false).send(HttpRequest.newBuilder(
                URI.create("https://localhost:" + tlsPort() + "/api/v1/network")).build(), HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(IOException.class);
    }

    @Test
    void aClientThatDoesNotTrustTheServerCertificateGivesUp() {
        ChannelCredentials systemTrust = TlsChannelCredentials.newBuilder()
                .keyManager(MutualTlsResource.certificates.clientKeyManagers()).build();
        assertThatThrownBy(() -> networkInfo(systemTrust)).isInstanceOfSatisfying(StatusRuntimeException.class,
                e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE));
    }

    @Test
    void plaintextIsRefused() {
        assertThatThrownBy(() -> networkInfo(InsecureChannelCredentials.create())).isInstanceOfSatisfying(StatusRuntimeException.class,
                e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE));
        assertThatThrownBy(() -> HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + tlsPort() + "/api/v1/network")).build(), HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(IOException.class);
        int plainPort = ConfigProvider.getConfig().getValue("quarkus.http.test-port", Integer.class);
        if (plainPort > 0) {
            assertThatThrownBy(() -> HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://localhost:" + plainPort + "/api/v1/network")).build(), HttpResponse.BodyHandlers.ofString()))
                    .as("insecure-requests=disabled: no plain HTTP listener").isInstanceOf(ConnectException.class);
        }
    }

    private static io.cutover.proto.v1.NetworkInfo networkInfo(ChannelCredentials credentials) throws InterruptedException {
        ManagedChannel channel = Grpc.newChannelBuilderForAddress("localhost", tlsPort(), credentials).build();
        try {
            return ProposalServiceGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS)
                    .getNetworkInfo(GetNetworkInfoRequest.getDefaultInstance());
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    private static HttpClient https(boolean withClientCertificate) {
        return HttpClient.newBuilder().sslContext(MutualTlsResource.certificates.clientContext(withClientCertificate)).build();
    }
}
