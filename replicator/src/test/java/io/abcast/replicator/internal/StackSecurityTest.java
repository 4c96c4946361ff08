package io.abcast.replicator.internal;

import io.abcast.replicator.ClusterSecret;
import io.abcast.replicator.ReplicaConfig;
import io.abcast.replicator.SqlStates;
import org.jgroups.conf.ConfiguratorFactory;
import org.jgroups.conf.ProtocolConfiguration;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Which stacks count as loopback-only, and what a secret adds where; no stack is started. */
class StackSecurityTest {

    private static ReplicaConfig config(String stack, String bind, List<String> members) {
        return new ReplicaConfig("c", "n1", stack, bind, members, 3, "jdbc:h2:mem:x", new Properties(),
                Duration.ofSeconds(1));
    }

    private static List<ProtocolConfiguration> protocols(ReplicaConfig config) throws Exception {
        String xml = Stacks.resolve(config);
        return ConfiguratorFactory.getStackConfigurator(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)))
                .getProtocolStack();
    }

    private static boolean loopbackOnly(ReplicaConfig config) throws Exception {
        List<ProtocolConfiguration> p = protocols(config);
        p.forEach(ProtocolConfiguration::substituteVariables);
        return StackSecurity.isLoopbackOnly(p);
    }

    @Test
    void loopbackOnlyMeansNothingOffThisMachine() throws Exception {
        assertThat(loopbackOnly(config("in-jvm", "127.0.0.1:7800", List.of()))).isTrue();
        assertThat(loopbackOnly(config("tcp", "127.0.0.1:7800", List.of("127.0.0.1:7800", "localhost:7810"))))
                .isTrue();
        assertThat(loopbackOnly(config("tcp", "127.0.0.1:7800", List.of("127.0.0.1:7800", "192.0.2.1:7800"))))
                .as("a member elsewhere").isFalse();
        assertThat(loopbackOnly(config("tcp", "192.0.2.7:7800", List.of("127.0.0.1:7800"))))
                .as("bound to a network address").isFalse();
    }

    @Test
    void withoutASecretOnlyLoopbackOrAnExplicitInsecureStarts() throws Exception {
        ReplicaConfig network = config("tcp", "192.0.2.7:7800", List.of("192.0.2.7:7800", "192.0.2.8:7800"));
        assertThatThrownBy(() -> StackSecurity.apply(network, "", protocols(network)))
                .isInstanceOfSatisfying(SQLException.class,
                        e -> assertThat(e.getSQLState()).isEqualTo(SqlStates.INVALID_AUTHORIZATION));
        ReplicaConfig insecure = network.withSecurity(null, true);
        List<ProtocolConfiguration> given = protocols(insecure);
        assertThat(StackSecurity.apply(insecure, "", given).getProtocolStack()).hasSameSizeAs(given);
        ReplicaConfig loopback = config("tcp", "127.0.0.1:7800", List.of("127.0.0.1:7800"));
        assertThat(StackSecurity.apply(loopback, "", protocols(loopback)).getProtocolStack())
                .hasSameSizeAs(protocols(loopback));
    }

    @Test
    void aSecretSealsEverythingAboveTheTransportAndAuthenticatesJoins() throws Exception {
        ReplicaConfig network = config("tcp", "192.0.2.7:7800", List.of("192.0.2.7:7800"))
                .withSecurity(ClusterSecret.of("correct horse battery staple", "test"), false);
        List<String> names = StackSecurity.apply(network, "", protocols(network)).getProtocolStack().stream()
                .map(p -> p.getProtocolName().substring(p.getProtocolName().lastIndexOf('.') + 1)).toList();
        assertThat(names.subList(0, 4)).containsExactly("GuardedTcp", "SecretEncrypt", "SERIALIZE", "TCPPING");
        assertThat(names.indexOf("AUTH")).isEqualTo(names.indexOf("GMS") - 1);
    }

    @Test
    void aSecretAndTheStacksOwnEncryptionDoNotMix() throws Exception {
        ReplicaConfig config = config("tcp", "127.0.0.1:7800", List.of("127.0.0.1:7800"))
                .withSecurity(ClusterSecret.of("correct horse battery staple", "test"), false);
        List<ProtocolConfiguration> p = new java.util.ArrayList<>(protocols(config));
        p.add(1, new ProtocolConfiguration("SYM_ENCRYPT", new java.util.HashMap<>()));
        assertThatThrownBy(() -> StackSecurity.apply(config, "", p))
                .isInstanceOf(SQLException.class).hasMessageContaining("SYM_ENCRYPT");
    }

    @Test
    void aTokenProvesTheSecretForOneAddressOnly() {
        byte[] key = new byte[32];
        byte[] other = new byte[32];
        other[0] = 1;
        org.jgroups.Address a = org.jgroups.util.UUID.randomUUID();
        org.jgroups.Address b = org.jgroups.util.UUID.randomUUID();
        SecretToken local = new SecretToken(key);
        assertThat(local.proofFor(a)).isEqualTo(new SecretToken(key).proofFor(a))
                .isNotEqualTo(local.proofFor(b)).isNotEqualTo(new SecretToken(other).proofFor(a));
    }

    @Test
    void theLocalTokenAcceptsItselfAsAMergeLeaderAsksItselfButAnUnprovenCopyIsRefused() {
        SecretToken local = new SecretToken(new byte[32]);
        org.jgroups.Message msg = new org.jgroups.BytesMessage().setSrc(org.jgroups.util.UUID.randomUUID());
        assertThat(local.authenticate(local, msg)).isTrue();
        assertThat(local.authenticate(new SecretToken(), msg)).as("a received token without proof").isFalse();
        assertThat(new SecretToken().authenticate(new SecretToken(), msg)).as("no key, no trust").isFalse();
    }
}
