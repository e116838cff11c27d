package io.cutover.proposal;

import java.util.Map;

import io.cutover.testing.TestCertificates;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/** proposal-service with HTTPS only and a trust store for client certificates, set by runtime configuration (docs/security.md). */
public class MutualTlsResource implements QuarkusTestResourceLifecycleManager {

    static TestCertificates certificates;

    @Override
    public Map<String, String> start() {
        certificates = TestCertificates.generate();
        return Map.of(
                "quarkus.tls.key-store.p12.path", certificates.file("server.p12").toString(),
                "quarkus.tls.key-store.p12.password", TestCertificates.PASSWORD,
                "quarkus.tls.trust-store.p12.path", certificates.file("server-trust.p12").toString(),
                "quarkus.tls.trust-store.p12.password", TestCertificates.PASSWORD,
                "quarkus.http.insecure-requests", "disabled",
                "quarkus.http.test-ssl-port", "0",
                "quarkus.grpc.server.plain-text", "false");
    }

    @Override
    public void stop() {
    }
}
