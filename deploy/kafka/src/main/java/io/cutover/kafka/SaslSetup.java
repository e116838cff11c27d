package io.cutover.kafka;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialAlteration;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/**
 * The secured broker: TLS on both listeners (a certificate made for this data folder, see
 * {@link BrokerCertificate}), SASL/SCRAM-SHA-512 on the client listener (also the inter-broker
 * one), SASL/PLAIN between broker and controller, the standard authorizer with nothing allowed unless
 * granted, and two super users: {@code admin} (bootstrapped into the storage when it is formatted,
 * used to create the other users and the ACLs through the Admin API) and {@code controller}.
 * Every password is random, lives only in {@code <dir>/credentials/<user>.password} (mode 0600,
 * folder 0700) and in the 0600 server.properties; none is ever printed or passed on a command line.
 */
final class SaslSetup {

    static final String MECHANISM = "SCRAM-SHA-512";
    static final String ADMIN = "admin";
    private static final String CONTROLLER = "controller";
    private static final int ITERATIONS = 8192;
    private static final char[] ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private static final String KEYSTORE = "keystore";

    private final Path credentials;
    private final BrokerCertificate certificate;

    SaslSetup(Path dataDir) throws IOException, InterruptedException {
        this.credentials = dataDir.resolve("credentials");
        if (!Files.isDirectory(credentials)) {
            Files.createDirectories(credentials, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
        passwordOf(KEYSTORE);
        this.certificate = new BrokerCertificate(dataDir, credentials.resolve(KEYSTORE + ".password"));
        certificate.ensure();
    }

    /** The user's password: read from its file, or made up and written (0600) on first use. */
    String passwordOf(String user) throws IOException {
        Path file = credentials.resolve(user + ".password");
        if (Files.exists(file)) {
            return Files.readString(file, StandardCharsets.UTF_8).strip();
        }
        StringBuilder password = new StringBuilder();
        for (int i = 0; i < 32; i++) {
            password.append(ALPHABET[RANDOM.nextInt(ALPHABET.length)]);
        }
        writePrivate(file, password.toString());
        return password.toString();
    }

    /** Creates {@code file} with mode 0600 before anything is written into it. */
    static void writePrivate(Path file, String content) throws IOException {
        Files.deleteIfExists(file);
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, content, StandardCharsets.UTF_8);
    }

    /** Turns the plaintext listener settings into the secured ones. */
    void secure(Properties p, String host, int port, int controllerPort) throws IOException {
        p.setProperty("listeners", "CLIENT://" + host + ":" + port + ",CONTROLLER://" + host + ":" + controllerPort);
        p.setProperty("advertised.listeners", "CLIENT://" + host + ":" + port);
        p.setProperty("inter.broker.listener.name", "CLIENT");
        p.setProperty("listener.security.protocol.map", "CONTROLLER:SASL_SSL,CLIENT:SASL_SSL");
        p.setProperty("ssl.keystore.type", "PKCS12");
        p.setProperty("ssl.keystore.location", certificate.keyStore().toString());
        p.setProperty("ssl.keystore.password", passwordOf(KEYSTORE));
        p.setProperty("ssl.key.password", passwordOf(KEYSTORE));
        p.setProperty("ssl.truststore.type", "PEM");
        p.setProperty("ssl.truststore.location", certificate.caCertificate().toString());
        p.setProperty("sasl.enabled.mechanisms", MECHANISM);
        p.setProperty("sasl.mechanism.inter.broker.protocol", MECHANISM);
        p.setProperty("listener.name.client.scram-sha-512.sasl.jaas.config", scramJaas(ADMIN, passwordOf(ADMIN)));
        String controllerPassword = passwordOf(CONTROLLER);
        p.setProperty("sasl.mechanism.controller.protocol", "PLAIN");
        p.setProperty("listener.name.controller.sasl.enabled.mechanisms", "PLAIN");
        p.setProperty("listener.name.controller.plain.sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule required"
                + " username=\"" + CONTROLLER + "\" password=\"" + controllerPassword + "\" user_" + CONTROLLER + "=\"" + controllerPassword + "\";");
        p.setProperty("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
        p.setProperty("allow.everyone.if.no.acl.found", "false");
        p.setProperty("super.users", "User:" + ADMIN + ";User:" + CONTROLLER);
    }

    /** The storage format's extra arguments: the admin's SCRAM credential, so it can log in before any user exists. */
    List<String> formatArguments() throws IOException {
        return List.of("--add-scram", MECHANISM + "=[name=" + ADMIN + ",password=" + passwordOf(ADMIN) + "]");
    }

    /** Client settings of {@code user} on the client listener. */
    Properties clientProperties(String user) throws IOException {
        Properties p = new Properties();
        p.setProperty("security.protocol", "SASL_SSL");
        p.setProperty("ssl.truststore.type", "PEM");
        p.setProperty("ssl.truststore.location", certificate.caCertificate().toString());
        p.setProperty("sasl.mechanism", MECHANISM);
        p.setProperty("sasl.jaas.config", scramJaas(user, passwordOf(user)));
        return p;
    }

    /** Creates (or updates) every user through the Admin API and grants each exactly its declared ACLs. */
    Set<String> applyUsersAndAcls(Admin admin, AclDeclarations declarations, List<String> extraUsers) throws Exception {
        Set<String> users = new LinkedHashSet<>(declarations.namedUsers());
        for (String user : extraUsers) {
            if (!declarations.declares(user)) {
                throw new IllegalArgumentException("user " + user + " holds no grant of the ACL declaration");
            }
            users.add(user);
        }
        List<UserScramCredentialAlteration> upserts = new ArrayList<>();
        List<AclBinding> acls = new ArrayList<>();
        for (String user : users) {
            upserts.add(new UserScramCredentialUpsertion(user, new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, ITERATIONS),
                    passwordOf(user)));
            for (AclDeclarations.Grant grant : declarations.grantsOf(user)) {
                for (String operation : grant.operations()) {
                    acls.add(new AclBinding(new ResourcePattern(resourceType(grant.resourceType()), grant.name(),
                            grant.patternType().equals("prefix") ? PatternType.PREFIXED : PatternType.LITERAL),
                            new AccessControlEntry("User:" + user, "*", operation(operation), AclPermissionType.ALLOW)));
                }
            }
        }
        admin.alterUserScramCredentials(upserts).all().get();
        admin.createAcls(acls).all().get();
        return users;
    }

    private static ResourceType resourceType(String declared) {
        return ResourceType.valueOf(snake(declared));
    }

    private static AclOperation operation(String declared) {
        AclOperation operation = AclOperation.valueOf(snake(declared));
        if (operation == AclOperation.ANY || operation == AclOperation.UNKNOWN) {
            throw new IllegalArgumentException("'" + declared + "' is not an ACL operation");
        }
        return operation;
    }

    /** transactionalId → TRANSACTIONAL_ID, DescribeConfigs → DESCRIBE_CONFIGS. */
    private static String snake(String camel) {
        return camel.replaceAll("([a-z])([A-Z])", "$1_$2").toUpperCase(Locale.ROOT);
    }

    private static String scramJaas(String user, String password) {
        return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + user + "\" password=\"" + password + "\";";
    }
}
