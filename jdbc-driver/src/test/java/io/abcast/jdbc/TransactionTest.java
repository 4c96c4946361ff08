package io.abcast.jdbc;

import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTransactionRollbackException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TransactionTest {

    private static long position(Connection c) throws SQLException {
        return c.unwrap(ReplicatedConnection.class).replicaStatus().position();
    }

    private static long scalar(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static void setUp(DriverCluster cluster, String... ddl) throws SQLException {
        try (Connection c = cluster.connect(1); Statement st = c.createStatement()) {
            for (String sql : ddl) {
                st.executeUpdate(sql);
            }
            cluster.awaitEverywhere(c.unwrap(ReplicatedConnection.class).lastWritePosition());
        }
    }

    @Test
    void aTransactionReadsItsOwnWritesAndIsAppliedWholeOnEveryReplica() throws Exception {
        try (DriverCluster cluster = DriverCluster.start(3)) {
            setUp(cluster, "CREATE TABLE T(ID INT PRIMARY KEY, V VARCHAR(10))");
            try (Connection c = cluster.connect(2); Statement st = c.createStatement()) {
                c.setAutoCommit(false);
                long before = position(c);
                assertThat(st.executeUpdate("INSERT INTO T VALUES (1, 'a'), (2, 'b')")).isEqualTo(2);
                assertThat(st.executeUpdate("UPDATE T SET V = 'c' WHERE ID = 2")).isEqualTo(1);
                assertThat(DriverCluster.rows(c, "SELECT * FROM T ORDER BY ID"))
                        .containsExactly(List.of(1, "a"), List.of(2, "c"));
                assertThat(position(c)).as("nothing is broadcast before commit").isEqualTo(before);
                try (Connection other = cluster.connect(2)) {
                    assertThat(scalar(other, "SELECT COUNT(*) FROM T")).as("uncommitted work is private").isZero();
                }
                c.commit();
                assertThat(position(c)).as("one command for the whole transaction").isEqualTo(before + 1);
            }
            cluster.assertConverged("SELECT * FROM T ORDER BY ID");
            try (Connection c = cluster.connect(3)) {
                assertThat(DriverCluster.rows(c, "SELECT * FROM T ORDER BY ID"))
                        .containsExactly(List.of(1, "a"), List.of(2, "c"));
            }
        }
    }

    @Test
    void rollbackLeavesNoTraceAnywhereAndReadOnlyTransactionsBroadcastNothing() throws Exception {
        try (DriverCluster cluster = DriverCluster.start(2)) {
            setUp(cluster, "CREATE TABLE T(ID INT PRIMARY KEY)", "INSERT INTO T VALUES (1)");
            try (Connection c = cluster.connect(1); Statement st = c.createStatement()) {
                long before = position(c);
                c.setAutoCommit(false);
                st.executeUpdate("INSERT INTO T VALUES (2)");
                st.executeUpdate("DELETE FROM T WHERE ID = 1");
                c.rollback();
                assertThat(scalar(c, "SELECT COUNT(*) FROM T")).isEqualTo(1);
                assertThat(scalar(c, "SELECT SUM(ID) FROM T")).isEqualTo(1);
                c.commit();
                assertThat(scalar(c, "SELECT COUNT(*) FROM T")).isEqualTo(1);
                c.commit();
                assertThat(position(c)).as("rolled back and read-only transactions are not broadcast")
                        .isEqualTo(before);
            }
            cluster.assertConverged("SELECT * FROM T ORDER BY ID");
        }
    }

    @Test
    void aLostUpdateFromTwoNodesAbortsTheSecondCommitter() throws Exception {
        try (DriverCluster cluster = DriverCluster.start(3)) {
            setUp(cluster, "CREATE TABLE ACCOUNT(ID INT PRIMARY KEY, BALANCE INT)", "INSERT INTO ACCOUNT VALUES (1, 100)");
            try (Connection a = cluster.connect(1); Connection b = cluster.connect(2)) {
                a.setAutoCommit(false);
                b.setAutoCommit(false);
                long readA = scalar(a, "SELECT BALANCE FROM ACCOUNT WHERE ID = 1");
                long readB = scalar(b, "SELECT BALANCE FROM ACCOUNT WHERE ID = 1");
                a.createStatement().executeUpdate("UPDATE ACCOUNT SET BALANCE = " + (readA + 10) + " WHERE ID = 1");
                b.createStatement().executeUpdate("UPDATE ACCOUNT SET BALANCE = " + (readB + 20) + " WHERE ID = 1");
                a.commit();
                assertThatThrownBy(b::commit).isInstanceOf(SQLTransactionRollbackException.class)
                        .hasMessageContaining("conflicts")
                        .extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("40001");
                b.createStatement().executeUpdate("UPDATE ACCOUNT SET BALANCE = BALANCE + 20 WHERE ID = 1");
                b.commit();
            }
            cluster.assertConverged("SELECT * FROM ACCOUNT");
            try (Connection c = cluster.connect(3)) {
                assertThat(scalar(c, "SELECT BALANCE FROM ACCOUNT WHERE ID = 1")).isEqualTo(130);
            }
        }
    }

    @Test
    void writeSkewBetweenTwoDoctorsAbortsOne() throws Exception {
        try (DriverCluster cluster = DriverCluster.start(2)) {
            setUp(cluster, "CREATE TABLE DOCTOR(NAME VARCHAR(10) PRIMARY KEY, ON_CALL BOOLEAN)",
                    "INSERT INTO DOCTOR VALUES ('alice', TRUE), ('bob', TRUE)");
            try (Connection a = cluster.connect(1); Connection b = cluster.connect(2)) {
                a.setAutoCommit(false);
                b.setAutoCommit(false);
                assertThat(scalar(a, "SELECT COUNT(*) FROM DOCTOR WHERE ON_CALL")).isEqualTo(2);
                assertThat(scalar(b, "SELECT COUNT(*) FROM DOCTOR WHERE ON_CALL")).isEqualTo(2);
                a.createStatement().executeUpdate("UPDATE DOCTOR SET ON_CALL = FALSE WHERE NAME = 'alice'");
                b.createStatement().executeUpdate("UPDATE DOCTOR SET ON_CALL = FALSE WHERE NAME = 'bob'");
                a.commit();
                assertThatThrownBy(b::commit).isInstanceOf(SQLTransactionRollbackException.class);
            }
            cluster.assertConverged("SELECT * FROM DOCTOR ORDER BY NAME");
            try (Connection c = cluster.connect(2)) {
                assertThat(scalar(c, "SELECT COUNT(*) FROM DOCTOR WHERE ON_CALL")).as("someone stays on call")
                        .isEqualTo(1);
            }
        }
    }

    @Test
    void savepointsAndTheSqlFormsOfTransactionControlBehaveAsOnH2() throws Exception {
        try (DriverCluster cluster = DriverCluster.start(2)) {
            setUp(cluster, "CREATE TABLE T(ID INT PRIMARY KEY)");
            try (Connection c = cluster.connect(1); Statement st = c.createStatement()) {
                c.setAutoCommit(false);
                st.executeUpdate("INSERT INTO T VALUES (1)");
                Savepoint sp = c.setSavepoint("sp1");
                st.executeUpdate("INSERT INTO T VALUES (2)");
                c.rollback(sp);
                st.executeUpdate("INSERT INTO T VALUES (3)");
                c.releaseSavepoint(sp);
                c.commit();
                c.setAutoCommit(true);
                st.execute("BEGIN");
                assertThat(c.getAutoCommit()).isFalse();
                st.execute("INSERT INTO T VALUES (4)");
                st.execute("SAVEPOINT S2");
                st.execute("INSERT INTO T VALUES (5)");
                st.execute("ROLLBACK TO SAVEPOINT S2");
                st.execute("COMMIT");
                assertThat(c.getAutoCommit()).as("BEGIN lasts until COMMIT").isTrue();
                st.execute("SET AUTOCOMMIT FALSE");
                st.execute("INSERT INTO T VALUES (6)");
                st.execute("ROLLBACK");
                st.execute("SET AUTOCOMMIT TRUE");
            }
            cluster.assertConverged("SELECT * FROM T ORDER BY ID");
            try (Connection c = cluster.connect(2)) {
                assertThat(DriverCluster.rows(c, "SELECT ID FROM T ORDER BY ID"))
                        .containsExactly(List.of(1), List.of(3), List.of(4));
            }
        }
    }

    @Test
    void theOrmPatternParentKeyThenChildrenWorksAndKeysAreTheSameEverywhere() throws Exception {
        try (DriverCluster cluster = DriverCluster.start(3)) {
            setUp(cluster, "CREATE TABLE PARENT(ID BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, NAME VARCHAR(20))",
                    "CREATE TABLE CHILD(ID BIGINT AUTO_INCREMENT PRIMARY KEY, PARENT_ID BIGINT REFERENCES PARENT(ID), "
                            + "N INT)");
            for (int node = 1; node <= 3; node++) {
                try (Connection c = cluster.connect(node);
                     PreparedStatement parent = c.prepareStatement("INSERT INTO PARENT(NAME) VALUES (?)",
                             PreparedStatement.RETURN_GENERATED_KEYS);
                     PreparedStatement child = c.prepareStatement("INSERT INTO CHILD(PARENT_ID, N) VALUES (?, ?)")) {
                    c.setAutoCommit(false);
                    parent.setString(1, "p" + node);
                    parent.executeUpdate();
                    long key;
                    try (ResultSet keys = parent.getGeneratedKeys()) {
                        assertThat(keys.next()).isTrue();
                        key = keys.getLong(1);
                    }
                    for (int i = 0; i < 3; i++) {
                        child.setLong(1, key);
                        child.setInt(2, i);
                        child.executeUpdate();
                    }
                    assertThat(scalar(c, "SELECT COUNT(*) FROM CHILD WHERE PARENT_ID = " + key)).isEqualTo(3);
                    c.commit();
                    assertThat(scalar(c, "SELECT NAME = 'p" + node + "' FROM PARENT WHERE ID = " + key))
                            .as("the key the transaction saw is the committed row's").isEqualTo(1);
                }
            }
            cluster.assertConverged("SELECT P.ID, P.NAME, C.ID, C.N FROM PARENT P JOIN CHILD C ON C.PARENT_ID = P.ID "
                    + "ORDER BY 1, 3");
            try (Connection c = cluster.connect(1); Statement st = c.createStatement()) {
                st.executeUpdate("INSERT INTO PARENT(NAME) VALUES ('autocommit')");
                assertThat(scalar(c, "SELECT COUNT(DISTINCT ID) FROM PARENT")).isEqualTo(4);
            }
            cluster.assertConverged("SELECT * FROM PARENT ORDER BY ID");
        }
    }

    @Test
    void aFailedStatementFailsAloneAndNeitherTheTransactionNorOtherNodesAreHeldUp() throws Exception {
        try (DriverCluster cluster = DriverCluster.start(2)) {
            setUp(cluster, "CREATE TABLE T(ID INT PRIMARY KEY, V INT)", "INSERT INTO T VALUES (1, 0)");
            try (Connection c = cluster.connect(2); Statement st = c.createStatement()) {
                c.setAutoCommit(false);
                st.executeUpdate("UPDATE T SET V = 5 WHERE ID = 1");
                assertThatThrownBy(() -> st.executeUpdate("INSERT INTO T VALUES (1, 9)"))
                        .extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("23505");
                st.executeUpdate("INSERT INTO T VALUES (2, 2)");
                try (Connection other = cluster.connect(1)) {
                    // applied on node 2 too, where this transaction holds the row: the applier must get through
                    other.createStatement().executeUpdate("UPDATE T SET V = 7 WHERE ID = 1");
                    cluster.awaitEverywhere(other.unwrap(ReplicatedConnection.class).lastWritePosition());
                }
                assertThatThrownBy(c::commit).isInstanceOf(SQLTransactionRollbackException.class);
                st.executeUpdate("UPDATE T SET V = V + 1 WHERE ID = 1");
                c.commit();
            }
            cluster.assertConverged("SELECT * FROM T ORDER BY ID");
            try (Connection c = cluster.connect(1)) {
                assertThat(DriverCluster.rows(c, "SELECT * FROM T ORDER BY ID")).containsExactly(List.of(1, 8));
            }
        }
    }

    @Test
    void aTransactionLargerThanTheLimitIsRefusedBeforeBroadcast() throws Exception {
        try (DriverCluster cluster = DriverCluster.start(1);
             Connection c = java.sql.DriverManager.getConnection(cluster.url(1) + ";abcast.max_transaction_bytes=4096",
                     "sa", "")) {
            c.createStatement().executeUpdate("CREATE TABLE T(ID INT PRIMARY KEY, V VARCHAR(1000))");
            long before = position(c);
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO T VALUES (?, ?)")) {
                for (int i = 0; i < 20; i++) {
                    ps.setInt(1, i);
                    ps.setString(2, "x".repeat(500));
                    ps.executeUpdate();
                }
            }
            assertThatThrownBy(c::commit).hasMessageContaining("abcast.max_transaction_bytes")
                    .extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("54000");
            assertThat(position(c)).isEqualTo(before);
            assertThat(scalar(c, "SELECT COUNT(*) FROM T")).isZero();
        }
    }
}
