package io.abcast.jdbc;

import org.junit.jupiter.api.Test;

import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReplicationTest {

    @Test
    void writersOnEveryReplicaAtOnceLeaveEveryReplicaTheSame() throws Exception {
        int perWriter = 1250;
        try (DriverCluster cluster = DriverCluster.start(3)) {
            try (Connection c = cluster.connect(1); Statement st = c.createStatement()) {
                st.executeUpdate("CREATE TABLE MSG(ID BIGINT AUTO_INCREMENT PRIMARY KEY, WRITER VARCHAR(20), "
                        + "SEQ INT, BODY VARCHAR(100))");
                cluster.awaitEverywhere(c.unwrap(ReplicatedConnection.class).lastWritePosition());
            }
            ExecutorService pool = Executors.newFixedThreadPool(8);
            List<Future<?>> writers = new ArrayList<>();
            for (int w = 0; w < 8; w++) {
                int node = w % 3 + 1;
                String writer = "w" + w;
                writers.add(pool.submit(() -> {
                    try (Connection c = cluster.connect(node);
                         PreparedStatement ps = c.prepareStatement("INSERT INTO MSG(WRITER, SEQ, BODY) VALUES (?, ?, ?)")) {
                        for (int i = 0; i < perWriter; i++) {
                            ps.setString(1, writer);
                            ps.setInt(2, i);
                            ps.setString(3, "message " + i + " from " + writer);
                            assertThat(ps.executeUpdate()).isEqualTo(1);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : writers) {
                f.get(5, TimeUnit.MINUTES);
            }
            pool.shutdown();
            var states = cluster.assertConverged("SELECT * FROM MSG ORDER BY ID");
            assertThat(states.get(0).position()).isEqualTo(1 + 8L * perWriter);
            try (Connection c = cluster.connect(2)) {
                // every writer's messages are all there, once each, in the order it sent them
                for (int w = 0; w < 8; w++) {
                    List<List<Object>> seqs = DriverCluster.rows(c,
                            "SELECT SEQ FROM MSG WHERE WRITER = 'w" + w + "' ORDER BY ID");
                    assertThat(seqs).hasSize(perWriter);
                    for (int i = 0; i < perWriter; i++) {
                        assertThat(seqs.get(i)).containsExactly(i);
                    }
                }
            }
        }
    }

    @Test
    void generatedKeysAreThoseOfTheOriginsReplica() throws Exception {
        try (DriverCluster cluster = DriverCluster.start(3)) {
            try (Connection c = cluster.connect(1); Statement st = c.createStatement()) {
                st.executeUpdate("CREATE TABLE T(ID INT AUTO_INCREMENT PRIMARY KEY, V VARCHAR(10))");
                assertThat(st.executeUpdate("INSERT INTO T(V) VALUES ('a')", Statement.RETURN_GENERATED_KEYS))
                        .isEqualTo(1);
                try (ResultSet keys = st.getGeneratedKeys()) {
                    assertThat(keys.next()).isTrue();
                    assertThat(keys.getInt(1)).isEqualTo(1);
                    assertThat(keys.getInt("ID")).isEqualTo(1);
                    assertThat(keys.getStatement()).isSameAs(st);
                }
                // a statement is prepared against the local replica: let every replica have the table first
                cluster.awaitEverywhere(c.unwrap(ReplicatedConnection.class).lastWritePosition());
            }
            try (Connection c = cluster.connect(2);
                 PreparedStatement ps = c.prepareStatement("INSERT INTO T(V) VALUES (?)", new String[] {"ID"})) {
                ps.setString(1, "b");
                ps.addBatch();
                ps.setString(1, "c");
                ps.addBatch();
                assertThat(ps.executeBatch()).containsExactly(1, 1);
                List<Integer> ids = new ArrayList<>();
                try (ResultSet keys = ps.getGeneratedKeys()) {
                    while (keys.next()) {
                        ids.add(keys.getInt(1));
                    }
                }
                assertThat(ids).containsExactly(2, 3);
            }
            try (Connection c = cluster.connect(3);
                 PreparedStatement ps = c.prepareStatement("INSERT INTO T(V) VALUES (?)", new int[] {1})) {
                ps.setString(1, "d");
                assertThat(ps.executeLargeUpdate()).isEqualTo(1);
                try (ResultSet keys = ps.getGeneratedKeys()) {
                    assertThat(keys.next()).isTrue();
                    assertThat(keys.getLong(1)).isEqualTo(4);
                }
            }
            cluster.assertConverged("SELECT * FROM T ORDER BY ID");
        }
    }

    @Test
    void aDuplicateKeyFailsOnEveryReplicaAndLeavesNoTrace() throws Exception {
        try (DriverCluster cluster = DriverCluster.start(3)) {
            long before;
            try (Connection c = cluster.connect(1); Statement st = c.createStatement()) {
                st.executeUpdate("CREATE TABLE T(ID INT PRIMARY KEY, V INT)");
                st.executeUpdate("INSERT INTO T VALUES (1, 1)");
                before = c.unwrap(ReplicatedConnection.class).lastWritePosition();
            }
            try (Connection c = cluster.connect(2); Statement st = c.createStatement()) {
                assertThatThrownBy(() -> st.executeUpdate("INSERT INTO T VALUES (1, 2)"))
                        .isInstanceOf(java.sql.SQLIntegrityConstraintViolationException.class)
                        .satisfies(e -> {
                            assertThat(((SQLException) e).getSQLState()).isEqualTo("23505");
                            assertThat(((SQLException) e).getErrorCode()).isEqualTo(23505);
                        });
                st.addBatch("INSERT INTO T VALUES (2, 2)");
                st.addBatch("INSERT INTO T VALUES (1, 3)");
                st.addBatch("INSERT INTO T VALUES (3, 3)");
                assertThatThrownBy(st::executeBatch).isInstanceOf(BatchUpdateException.class)
                        .satisfies(e -> {
                            BatchUpdateException b = (BatchUpdateException) e;
                            assertThat(b.getSQLState()).isEqualTo("23505");
                            assertThat(b.getUpdateCounts()).containsExactly(1, Statement.EXECUTE_FAILED, 1);
                        });
            }
            var states = cluster.assertConverged("SELECT * FROM T ORDER BY ID");
            assertThat(states.get(0).position()).as("failed writes still take their place in the order")
                    .isEqualTo(before + 2);
            for (int i = 1; i <= 3; i++) {
                try (Connection c = cluster.connect(i)) {
                    assertThat(DriverCluster.rows(c, "SELECT ID, V FROM T")).containsExactly(List.of(1, 1));
                }
            }
        }
    }
}
