package io.abcast.jdbc.faults;

import io.abcast.jdbc.ReplicatedConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class FaultToleranceTest {

    @TempDir
    Path dir;

    private static void createTable(FaultCluster cluster) throws SQLException {
        try (Connection c = cluster.connect(1); Statement st = c.createStatement()) {
            st.executeUpdate(Workload.TABLE);
        }
    }

    private static void awaitMoreAcknowledged(Workload load, long more) {
        long target = load.acknowledgedCount() + more;
        await().atMost(Duration.ofSeconds(60)).until(() -> load.acknowledgedCount() >= target);
    }

    @Test
    void theSequencerCrashesWhileThreeNodesWriteAndNothingAcknowledgedIsLost() throws Exception {
        try (FaultCluster cluster = FaultCluster.start(3, dir, "")) {
            createTable(cluster);
            try (Workload load = new Workload(cluster)) {
                for (int w = 0; w < 6; w++) {
                    load.start(w % 3 + 1, w);
                }
                awaitMoreAcknowledged(load, 300);
                cluster.crash(1); // n1 started first: the coordinator, so the sequencer
                cluster.awaitView(2, Set.of(2, 3));
                awaitMoreAcknowledged(load, 300);
                load.close();
                cluster.assertConverged("SELECT * FROM W ORDER BY ID");
                try (Connection c = cluster.connect(2)) {
                    load.check(c);
                }
                cluster.startNode(1);
                cluster.awaitView(3, Set.of(1, 2, 3));
                cluster.assertConverged("SELECT * FROM W ORDER BY ID");
                try (Connection c = cluster.connect(1)) {
                    load.check(c);
                }
            }
        }
    }

    @Test
    void aMinorityRefusesWritesAnswersLocalReadsAndCatchesUpWhenThePartitionHeals() throws Exception {
        try (FaultCluster cluster = FaultCluster.start(3, dir, "")) {
            createTable(cluster);
            cluster.partition(Set.of(3), Set.of(1, 2));
            cluster.awaitView(1, Set.of(3));
            cluster.awaitView(2, Set.of(1, 2));
            try (Connection minority = java.sql.DriverManager.getConnection(cluster.url(3)
                    + ";abcast.consistency=local", "sa", "")) {
                assertThatThrownBy(() -> minority.createStatement().executeUpdate("INSERT INTO W(WRITER, SEQ) VALUES (9, 9)"))
                        .hasMessageContaining("not in a primary component").hasMessageContaining("sees 1 of the 3")
                        .extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("08004");
                assertThat(FaultCluster.rows(minority, "SELECT COUNT(*) FROM W")).containsExactly(java.util.List.of(0L));
            }
            try (Connection linearizable = java.sql.DriverManager.getConnection(cluster.url(3)
                    + ";abcast.consistency=linearizable", "sa", "")) {
                assertThatThrownBy(() -> FaultCluster.rows(linearizable, "SELECT COUNT(*) FROM W"))
                        .extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("08004");
            }
            try (Workload load = new Workload(cluster)) {
                load.start(1, 1);
                load.start(2, 2);
                awaitMoreAcknowledged(load, 200);
                load.close();
                cluster.heal();
                cluster.awaitView(3, Set.of(1, 2, 3));
                cluster.assertConverged("SELECT * FROM W ORDER BY ID");
                try (Connection c = cluster.connect(3)) {
                    load.check(c);
                }
            }
        }
    }

    @Test
    void inAFourNodeClusterSplitTwoAndTwoNeitherSideWrites() throws Exception {
        try (FaultCluster cluster = FaultCluster.start(4, dir, "")) {
            createTable(cluster);
            cluster.partition(Set.of(1, 2), Set.of(3, 4));
            cluster.awaitView(2, Set.of(1, 2, 3, 4));
            for (int node = 1; node <= 4; node++) {
                try (Connection c = cluster.connect(node)) {
                    assertThatThrownBy(() -> c.createStatement().executeUpdate("INSERT INTO W(WRITER, SEQ) VALUES (1, 1)"))
                            .extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("08004");
                }
            }
            cluster.heal();
            cluster.awaitView(4, Set.of(1, 2, 3, 4));
            try (Connection c = cluster.connect(4)) {
                c.createStatement().executeUpdate("INSERT INTO W(WRITER, SEQ) VALUES (1, 1)");
            }
            cluster.assertConverged("SELECT * FROM W ORDER BY ID");
        }
    }

    @Test
    void aNodeRestartedFromItsFilesCatchesUpWhileOthersWrite() throws Exception {
        try (FaultCluster cluster = FaultCluster.start(3, dir, "")) {
            createTable(cluster);
            try (Workload load = new Workload(cluster)) {
                load.start(1, 1);
                load.start(2, 2);
                awaitMoreAcknowledged(load, 100);
                cluster.stop(3);
                awaitMoreAcknowledged(load, 300);
                cluster.startNode(3);
                awaitMoreAcknowledged(load, 200);
                load.close();
            }
            cluster.assertConverged("SELECT * FROM W ORDER BY ID");
        }
    }

    @Test
    void anEmptyNodeJoinsUnderLoadThroughASnapshot() throws Exception {
        try (FaultCluster cluster = FaultCluster.start(2, dir, ";abcast.retained_log_bytes=2000")) {
            createTable(cluster);
            try (Workload load = new Workload(cluster)) {
                load.start(1, 1);
                load.start(2, 2);
                awaitMoreAcknowledged(load, 500);
                cluster.startNode(3); // a third replica, never seen before; the log no longer reaches back to it
                cluster.awaitView(3, Set.of(1, 2, 3));
                awaitMoreAcknowledged(load, 200);
                load.close();
                cluster.assertConverged("SELECT * FROM W ORDER BY ID");
                try (Connection c = cluster.connect(3)) {
                    load.check(c);
                    assertThat(c.unwrap(ReplicatedConnection.class).replicaStatus().members()).hasSize(3);
                }
            }
        }
    }
}
