package io.abcast.it.node;

import io.abcast.jdbc.ReplicatedConnection;
import io.abcast.replicator.Replica;
import io.abcast.replicator.ReplicaConfig;
import io.abcast.replicator.node.ReadOnlyAccess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The node's read-only SQL port, in this JVM: a replica as the standalone node runs it, and an application (the
 * driver) as the second member of the cluster on the in-JVM stack, writing. Whatever the reader does over the port,
 * nothing is written outside replication and the replica goes on applying.
 */
class ReadOnlyAccessTest {

    private static final String PASSWORD = "node-secret";
    private static final String READER_PASSWORD = "reader-secret";

    @TempDir
    Path dir;
    private String cluster;
    private Replica replica;
    private Connection app;
    private ReadOnlyAccess access;

    @BeforeEach
    void start() throws Exception {
        cluster = "ro-" + UUID.randomUUID();
        replica = Replica.start(config(PASSWORD));
        app = DriverManager.getConnection("jdbc:abcast:h2:" + dir.resolve("app") + ";abcast.cluster=" + cluster
                + ";abcast.node=app;abcast.size=2;abcast.stack=in-jvm;abcast.timeout=10000", "sa", "");
        assertThat(replica.awaitMembers(2, Duration.ofSeconds(30))).isTrue();
        try (Statement st = app.createStatement()) {
            st.execute("CREATE TABLE T(ID INT PRIMARY KEY, V INT)");
            st.executeUpdate("INSERT INTO T VALUES (1, 10), (2, 20)");
        }
        replica.awaitApplied(app.unwrap(ReplicatedConnection.class).lastWritePosition(), Duration.ofSeconds(10));
    }

    private ReplicaConfig config(String password) {
        Properties info = new Properties();
        info.setProperty("user", "sa");
        info.setProperty("password", password);
        return new ReplicaConfig(cluster, "n1", "in-jvm", "127.0.0.1:7800", List.of(), 2,
                "jdbc:h2:" + dir.resolve("n1").toAbsolutePath(), info, Duration.ofSeconds(10));
    }

    @AfterEach
    void stop() throws Exception {
        if (access != null) {
            access.close();
        }
        app.close();
        replica.close();
    }

    private Connection reader() throws SQLException {
        return DriverManager.getConnection("jdbc:h2:tcp://127.0.0.1:" + access.port() + "/" + ReadOnlyAccess.DATABASE,
                "reader", READER_PASSWORD);
    }

    @Test
    void theReaderReadsEverySchemaAndWritesNothing() throws Exception {
        access = ReadOnlyAccess.start(replica, "reader", READER_PASSWORD, 0, false);
        try (Connection r = reader(); Statement st = r.createStatement()) {
            try (ResultSet rs = st.executeQuery("SELECT SUM(V) FROM T")) {
                rs.next();
                assertThat(rs.getInt(1)).isEqualTo(30);
            }
            try (ResultSet rs = st.executeQuery("SELECT POSITION FROM ABCAST.STATE")) {
                assertThat(rs.next()).isTrue();
            }
            for (String write : List.of("INSERT INTO T VALUES (3, 30)", "UPDATE T SET V = 0", "DELETE FROM T",
                    "MERGE INTO T VALUES (1, 1)", "TRUNCATE TABLE T", "DROP TABLE T", "CREATE TABLE U(A INT)",
                    "ALTER TABLE T ADD COLUMN W INT", "CREATE SEQUENCE S", "UPDATE ABCAST.STATE SET POSITION = 0",
                    "CREATE SCHEMA S2", "SCRIPT", "CALL CSVWRITE('/tmp/abcast-ro.csv', 'SELECT 1')",
                    "CREATE ALIAS F FOR 'java.lang.System.getProperty'", "SHUTDOWN", "ALTER USER READER ADMIN TRUE",
                    "GRANT INSERT ON T TO READER")) {
                assertThatThrownBy(() -> st.execute(write)).as(write).isInstanceOf(SQLException.class)
                        .satisfies(e -> assertThat(((SQLException) e).getErrorCode()).as(write)
                                .isIn(90096, 90040, 90036, 90026));
            }
        }
        try (Connection r = reader(); Statement st = r.createStatement(); ResultSet rs = st.executeQuery(
                "SELECT COUNT(*), SUM(V) FROM T")) {
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(2);
            assertThat(rs.getInt(2)).isEqualTo(30);
        }
        assertThat(replica.state()).isEqualTo(app.unwrap(ReplicatedConnection.class).replicaState());
    }

    @Test
    void onlyTheReplicaIsServedAndOnlyToItsUsers() throws Exception {
        access = ReadOnlyAccess.start(replica, "reader", READER_PASSWORD, 0, false);
        String base = "jdbc:h2:tcp://127.0.0.1:" + access.port() + "/";
        assertThatThrownBy(() -> DriverManager.getConnection(base + "replica", "reader", "wrong").close())
                .isInstanceOf(SQLException.class);
        assertThatThrownBy(() -> DriverManager.getConnection(base + dir.resolve("n1").toAbsolutePath(), "reader",
                READER_PASSWORD).close()).isInstanceOf(SQLException.class);
        assertThatThrownBy(() -> DriverManager.getConnection(base + "other", "reader", READER_PASSWORD).close())
                .isInstanceOf(SQLException.class);
        assertThatThrownBy(() -> DriverManager.getConnection(base + "replica", "sa", "").close())
                .isInstanceOf(SQLException.class);
    }

    @Test
    void aReaderHoldingRowLocksDoesNotHoldTheReplicaUp() throws Exception {
        access = ReadOnlyAccess.start(replica, "reader", READER_PASSWORD, 0, false);
        try (Connection r = reader()) {
            r.setAutoCommit(false);
            try (Statement st = r.createStatement(); ResultSet rs = st.executeQuery("SELECT * FROM T FOR UPDATE")) {
                assertThat(rs.next()).isTrue(); // H2 lets SELECT ... FOR UPDATE lock rows with the SELECT right only
            }
            try (Statement st = app.createStatement()) {
                assertThat(st.executeUpdate("UPDATE T SET V = V + 1")).isEqualTo(2); // acknowledged: both applied it
            }
            assertThat(replica.status().failure()).isNull();
            assertThatThrownBy(() -> {
                try (Statement st = r.createStatement()) {
                    st.executeQuery("SELECT * FROM T").close();
                }
            }).as("the reader's session was aborted").isInstanceOf(SQLException.class);
        }
        assertThat(replica.state()).isEqualTo(app.unwrap(ReplicatedConnection.class).replicaState());
    }

    @Test
    void aNewSchemaBecomesReadableAndALostUserComesBack() throws Exception {
        access = ReadOnlyAccess.start(replica, "reader", READER_PASSWORD, 0, false);
        try (Statement st = app.createStatement()) {
            st.execute("CREATE SCHEMA S2");
            st.execute("CREATE TABLE S2.X(A INT)");
            st.executeUpdate("INSERT INTO S2.X VALUES (7)");
        }
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(500)).ignoreExceptions().until(() -> {
            try (Connection r = reader(); Statement st = r.createStatement();
                 ResultSet rs = st.executeQuery("SELECT A FROM S2.X")) {
                return rs.next() && rs.getInt(1) == 7;
            }
        });
        try (Connection r = reader(); Statement st = r.createStatement()) {
            st.execute("ALTER USER READER SET PASSWORD 'changed'"); // H2 lets a user change its own password
        }
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                .until(() -> {
                    reader().close();
                    return true;
                });
    }

    @Test
    void refusesWhenTheReplicasOwnUserHasNoPassword() throws Exception {
        Properties info = new Properties();
        info.setProperty("user", "sa");
        info.setProperty("password", "");
        ReplicaConfig open = new ReplicaConfig("ro-open-" + UUID.randomUUID(), "solo", "in-jvm", "127.0.0.1:7800",
                List.of(), 1, "jdbc:h2:" + dir.resolve("solo").toAbsolutePath(), info, Duration.ofSeconds(10));
        try (Replica solo = Replica.start(open)) {
            assertThatThrownBy(() -> ReadOnlyAccess.start(solo, "reader", READER_PASSWORD, 0, false))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs a password");
        }
    }

    @Test
    void refusesCredentialsThatWouldLetWritesIn() throws Exception {
        assertThatThrownBy(() -> ReadOnlyAccess.start(replica, "sa", "x", 0, false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("own user");
        assertThatThrownBy(() -> ReadOnlyAccess.start(replica, "reader", "", 0, false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("password");
        assertThatThrownBy(() -> ReadOnlyAccess.start(replica, "reader", PASSWORD, 0, false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must not be");
        assertThatThrownBy(() -> ReadOnlyAccess.start(replica, "bad name", "x", 0, false))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
