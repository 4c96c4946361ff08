package io.abcast.jdbc.faults;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Replicas come back from their files, whatever happened to them, and never merge a history of their own. */
class RecoveryTest {

    @TempDir
    Path dir;

    private static void write(FaultCluster cluster, int node, int from, int count) throws SQLException {
        try (Connection c = cluster.connect(node); Statement st = c.createStatement()) {
            for (int i = from; i < from + count; i++) {
                st.executeUpdate("INSERT INTO W(WRITER, SEQ) VALUES (" + node + ", " + i + ")");
            }
        }
    }

    private static long count(FaultCluster cluster, int node) throws SQLException {
        try (Connection c = cluster.connect(node)) {
            return (Long) FaultCluster.rows(c, "SELECT COUNT(*) FROM W").get(0).get(0);
        }
    }

    @Test
    void aReplicaThatAppliedAWriteNobodyElseSawIsReseededNotMerged() throws Exception {
        try (FaultCluster cluster = FaultCluster.start(3, dir, "")) {
            try (Connection c = cluster.connect(1)) {
                c.createStatement().executeUpdate(Workload.TABLE);
            }
            write(cluster, 1, 0, 50);
            cluster.assertConverged("SELECT * FROM W ORDER BY ID");
            cluster.stop(3);
            // n3's files get a write of their own, at the position the others are at: a history that differs
            try (Connection raw = DriverManager.getConnection("jdbc:h2:" + dir.resolve("n3").toAbsolutePath(), "sa", "");
                 Statement st = raw.createStatement()) {
                st.executeUpdate("INSERT INTO W(WRITER, SEQ) VALUES (99, 99)");
                st.executeUpdate("UPDATE ABCAST.STATE SET HASH = X'0102030405060708'");
            }
            write(cluster, 2, 100, 50);
            cluster.startNode(3);
            cluster.awaitView(3, Set.of(1, 2, 3));
            cluster.assertConverged("SELECT * FROM W ORDER BY ID");
            try (Connection c = cluster.connect(3)) {
                assertThat(FaultCluster.rows(c, "SELECT COUNT(*) FROM W WHERE WRITER = 99"))
                        .as("the diverged write is gone").containsExactly(List.of(0L));
            }
            assertThat(count(cluster, 3)).isEqualTo(100);
        }
    }

    @Test
    void theWholeClusterRestartsFromItsFilesAfterAStopAndAfterACrash() throws Exception {
        try (FaultCluster cluster = FaultCluster.start(3, dir, "")) {
            try (Connection c = cluster.connect(1)) {
                c.createStatement().executeUpdate(Workload.TABLE);
            }
            write(cluster, 1, 0, 40);
            write(cluster, 2, 0, 40);
            for (int node = 1; node <= 3; node++) {
                cluster.stop(node);
            }
            for (int node = 1; node <= 3; node++) {
                cluster.startNode(node);
            }
            cluster.awaitView(3, Set.of(1, 2, 3));
            cluster.assertConverged("SELECT * FROM W ORDER BY ID");
            assertThat(count(cluster, 3)).isEqualTo(80);
            write(cluster, 3, 0, 40);
            for (int node = 1; node <= 3; node++) {
                cluster.crash(node); // all at once: every replica comes back untrusted
            }
            for (int node = 3; node >= 1; node--) {
                cluster.startNode(node);
            }
            cluster.awaitView(3, Set.of(1, 2, 3));
            write(cluster, 2, 100, 10);
            cluster.assertConverged("SELECT * FROM W ORDER BY ID");
            await().atMost(Duration.ofSeconds(30)).until(() -> count(cluster, 1) == 130);
            try (Connection c = cluster.connect(1)) {
                assertThat(FaultCluster.rows(c, "SELECT COUNT(*) FROM (SELECT WRITER, SEQ FROM W GROUP BY WRITER, SEQ "
                        + "HAVING COUNT(*) > 1)")).as("no write twice").containsExactly(List.of(0L));
            }
        }
    }
}
