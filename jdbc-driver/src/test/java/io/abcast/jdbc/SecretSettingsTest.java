package io.abcast.jdbc;

import io.abcast.replicator.SqlStates;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The cluster secret through the driver: by file, refused when weak or missing for a network cluster. */
class SecretSettingsTest {

    private final String cluster = "secret-" + UUID.randomUUID();

    @Test
    void replicasWithTheSameSecretFileReplicate(@TempDir Path dir) throws Exception {
        Path secret = dir.resolve("secret");
        Files.writeString(secret, "correct horse battery staple\n");
        String common = ";abcast.cluster=" + cluster + ";abcast.stack=in-jvm;abcast.size=2;abcast.secret_file=" + secret;
        try (Connection a = DriverManager.getConnection("jdbc:abcast:h2:mem:" + cluster + "-a;abcast.node=a" + common);
             Connection b = DriverManager.getConnection("jdbc:abcast:h2:mem:" + cluster + "-b;abcast.node=b" + common)) {
            a.unwrap(ReplicatedConnection.class).awaitMembers(2, java.time.Duration.ofSeconds(30));
            try (Statement s = a.createStatement()) {
                s.executeUpdate("CREATE TABLE T(V INT)");
                s.executeUpdate("INSERT INTO T VALUES (7)");
            }
            ReplicatedConnection rb = b.unwrap(ReplicatedConnection.class);
            rb.awaitPosition(a.unwrap(ReplicatedConnection.class).lastWritePosition(), java.time.Duration.ofSeconds(30));
            try (Statement s = b.createStatement(); ResultSet rs = s.executeQuery("SELECT V FROM T")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getInt(1)).isEqualTo(7);
            }
        }
    }

    @Test
    void aShortOrMissingSecretFileIsRefusedWithoutShowingTheSecret(@TempDir Path dir) throws Exception {
        Path secret = dir.resolve("secret");
        Files.writeString(secret, "hunter2");
        String url = "jdbc:abcast:h2:mem:" + cluster + ";abcast.cluster=" + cluster + ";abcast.stack=in-jvm"
                + ";abcast.secret_file=";
        assertThatThrownBy(() -> DriverManager.getConnection(url + secret))
                .isInstanceOfSatisfying(SQLException.class, e -> {
                    assertThat(e.getSQLState()).isEqualTo(SqlStates.INVALID_AUTHORIZATION);
                    assertThat(e.getMessage()).contains("at least 16", secret.toString()).doesNotContain("hunter2");
                });
        assertThatThrownBy(() -> DriverManager.getConnection(url + dir.resolve("absent")))
                .isInstanceOfSatisfying(SQLException.class, e -> {
                    assertThat(e.getSQLState()).isEqualTo(SqlStates.INVALID_AUTHORIZATION);
                    assertThat(e.getMessage()).contains("cannot read the cluster secret file", "abcast.secret_file");
                });
    }

    @Test
    void aNetworkClusterWithoutASecretIsRefused() {
        // 192.0.2.1 is reserved for documentation: refused before anything is sent to it.
        String url = "jdbc:abcast:h2:mem:" + cluster + ";abcast.cluster=" + cluster + ";abcast.members=192.0.2.1:7800";
        assertThatThrownBy(() -> DriverManager.getConnection(url))
                .isInstanceOfSatisfying(SQLException.class, e -> {
                    assertThat(e.getSQLState()).isEqualTo(SqlStates.INVALID_AUTHORIZATION);
                    assertThat(e.getMessage()).contains("not loopback-only", "abcast.secret_file", "abcast.insecure");
                });
    }
}
