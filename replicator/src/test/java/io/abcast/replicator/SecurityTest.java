package io.abcast.replicator;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Only holders of the cluster secret take part: a rogue process (an abcast replica itself, with no secret or another
 * one) can neither join, nor get a write applied, nor read the traffic. Each claim is checked against a cluster
 * without a secret too, where the same rogue succeeds, so the checks can fail.
 */
class SecurityTest {

    private static final SessionContext CONTEXT = SessionContext.of("PUBLIC", "UTC", java.time.Instant.EPOCH, 1);

    private final AtomicLong requests = new AtomicLong();

    private static ClusterSecret secret(String value) throws SQLException {
        return ClusterSecret.of(value, "the test");
    }

    @Test
    void aRogueWithoutTheSecretCannotJoinNorWrite() throws Exception {
        ClusterSecret secret = secret("correct horse battery staple");
        try (TcpCluster cluster = TcpCluster.of(3)) {
            List<Replica> members = startMembers(cluster, secret);
            Replica rogue = cluster.start(2, 1, null);
            assertRefused(members, rogue);
        }
    }

    @Test
    void aRogueWithAnotherSecretCannotJoinNorWrite() throws Exception {
        try (TcpCluster cluster = TcpCluster.of(3)) {
            List<Replica> members = startMembers(cluster, secret("correct horse battery staple"));
            Replica rogue = cluster.start(2, 1, secret("incorrect horse battery staple"));
            assertRefused(members, rogue);
        }
    }

    @Test
    void withoutASecretTheSameRogueJoinsAndWrites() throws Exception {
        try (TcpCluster cluster = TcpCluster.of(3)) {
            List<Replica> members = startMembers(cluster, null);
            Replica rogue = cluster.start(2, 1, null);
            // It is in once it sees the members too (a lost join response leaves it alone until MERGE3 merges it).
            await().atMost(Duration.ofSeconds(60)).until(() -> members.get(0).status().members().size() == 3
                    && rogue.status().members().size() == 3 && rogue.status().primary());
            run(rogue, "INSERT INTO T VALUES ('rogue')");
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> members.stream().allMatch(m -> m.appliedPosition() == rogue.appliedPosition()));
            for (Replica m : members) {
                assertThat(rows(m)).containsExactly("member", "rogue");
            }
        }
    }

    @Test
    void theWireCarriesNoSqlNorDataWithASecret(@TempDir Path dir) throws Exception {
        String marker = "wire-marker-" + UUID.randomUUID();
        assertThat(wireAfterWriting(dir, marker, secret("correct horse battery staple")))
                .as("bytes on the wire with a secret").doesNotContain(marker).doesNotContain("INSERT INTO");
        assertThat(wireAfterWriting(dir, marker, null))
                .as("bytes on the wire without a secret, where the tap must see the write").contains(marker);
    }

    @Test
    void aNetworkClusterWithoutASecretIsRefused() throws Exception {
        try (TcpCluster cluster = TcpCluster.of(1)) {
            ReplicaConfig config = cluster.config(0, 1, null);
            // 192.0.2.1 is reserved for documentation: refused before anything is sent to it.
            ReplicaConfig network = new ReplicaConfig(config.cluster(), config.node(), config.stack(),
                    config.bind(), List.of("192.0.2.1:7800"), 1, config.h2Url(), config.h2Info(), config.timeout());
            assertThatThrownBy(() -> Replica.start(network))
                    .isInstanceOfSatisfying(SQLException.class, e -> {
                        assertThat(e.getSQLState()).isEqualTo(SqlStates.INVALID_AUTHORIZATION);
                        assertThat(e.getMessage()).contains("not loopback-only", "abcast.secret_file",
                                ClusterSecret.ENVIRONMENT_VARIABLE, "abcast.insecure=true");
                    });
        }
    }

    @Test
    void aShortSecretIsRefusedWithoutShowingIt() {
        assertThatThrownBy(() -> secret("hunter2"))
                .isInstanceOfSatisfying(SQLException.class, e -> {
                    assertThat(e.getSQLState()).isEqualTo(SqlStates.INVALID_AUTHORIZATION);
                    assertThat(e.getMessage()).contains("at least 16").doesNotContain("hunter2");
                });
    }

    @Test
    void aSecretNeverShowsInItsConfiguration() throws Exception {
        ClusterSecret secret = secret("correct horse battery staple");
        try (TcpCluster cluster = TcpCluster.of(1)) {
            assertThat(cluster.config(0, 1, secret).toString()).doesNotContain("horse").contains("the test");
            assertThat(secret.toString()).doesNotContain("horse");
        }
    }

    private String wireAfterWriting(Path dir, String marker, ClusterSecret secret) throws Exception {
        TappedTcp.clear();
        try (TcpCluster cluster = TcpCluster.tapped(2, dir)) {
            List<Replica> members = startMembers(cluster, secret);
            run(members.get(1), "INSERT INTO T VALUES ('" + marker + "')");
            await().atMost(Duration.ofSeconds(30)).until(() -> rows(members.get(0)).contains(marker));
        }
        byte[] wire = TappedTcp.recorded();
        assertThat(wire.length).as("bytes recorded on the wire").isGreaterThan(1_000);
        return new String(wire, StandardCharsets.ISO_8859_1);
    }

    /** Nodes 1 and 2 of a cluster of size 2, with a table T holding the row 'member'. */
    private List<Replica> startMembers(TcpCluster cluster, ClusterSecret secret) throws Exception {
        List<Replica> members = new ArrayList<>();
        members.add(cluster.start(0, 2, secret));
        members.add(cluster.start(1, 2, secret));
        for (Replica m : members) {
            assertThat(m.awaitMembers(2, Duration.ofSeconds(30))).isTrue();
        }
        run(members.get(0), "CREATE TABLE T(V VARCHAR PRIMARY KEY)");
        run(members.get(0), "INSERT INTO T VALUES ('member')");
        return members;
    }

    private void assertRefused(List<Replica> members, Replica rogue) throws Exception {
        // The rogue's discovery and join reach the members and are rejected there.
        await().atMost(Duration.ofSeconds(30))
                .until(() -> members.stream().allMatch(m -> m.rejectedMessages() > 0));
        assertThat(rogue.status().members()).containsExactly(rogue.node());
        // Alone, with a size of 1, the rogue is a primary of its own and writes, but only to itself.
        run(rogue, "CREATE TABLE T(V VARCHAR PRIMARY KEY)");
        run(rogue, "INSERT INTO T VALUES ('rogue')");
        run(members.get(1), "INSERT INTO T VALUES ('after')");
        await().atMost(Duration.ofSeconds(30))
                .until(() -> members.get(0).appliedPosition() == members.get(1).appliedPosition());
        for (Replica m : members) {
            assertThat(m.status().members()).containsExactlyInAnyOrder("n1", "n2");
            assertThat(rows(m)).containsExactly("after", "member");
        }
        assertThat(members.get(0).state()).isEqualTo(members.get(1).state());
    }

    private void run(Replica origin, String sql) throws Exception {
        Outcome outcome = origin.submit(new Command(new CommandId(origin.node(), 1, requests.incrementAndGet()),
                CONTEXT, List.of(SqlCall.statement(SqlCall.Method.UPDATE, sql, KeyRequest.NONE))))
                .get(30, TimeUnit.SECONDS);
        assertThat(outcome.failed()).as("outcome of %s", sql).isFalse();
    }

    private static List<String> rows(Replica r) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection c = r.openH2(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT V FROM T ORDER BY V")) {
            while (rs.next()) {
                rows.add(rs.getString(1));
            }
        }
        return rows;
    }
}
