package io.abcast.jdbc;

import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLTransactionRollbackException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Local transactions neither hold the applier up nor conflict needlessly with each other. */
class LocalTransactionsTest {

    @Test
    void aLocalTransactionThatBlocksTheApplierIsAbortedAndTheClusterGoesOn() throws Exception {
        try (DriverCluster cluster = DriverCluster.start(3)) {
            try (Connection c = cluster.connect(1); Statement st = c.createStatement()) {
                st.executeUpdate("CREATE TABLE T(ID INT PRIMARY KEY, V INT)");
                st.executeUpdate("INSERT INTO T VALUES (1, 0), (2, 0)");
                cluster.awaitEverywhere(c.unwrap(ReplicatedConnection.class).lastWritePosition());
            }
            try (Connection local = cluster.connect(2); Connection writer = cluster.connect(1)) {
                local.setAutoCommit(false);
                local.createStatement().executeUpdate("UPDATE T SET V = 100 WHERE ID = 1");
                for (int i = 1; i <= 20; i++) {
                    writer.createStatement().executeUpdate("UPDATE T SET V = " + i + " WHERE ID = 1");
                }
                long last = writer.unwrap(ReplicatedConnection.class).lastWritePosition();
                cluster.awaitEverywhere(last);
                assertThatThrownBy(() -> local.createStatement().executeQuery("SELECT V FROM T WHERE ID = 1"))
                        .isInstanceOf(SQLTransactionRollbackException.class)
                        .hasMessageContaining("held up the replica's applier");
                local.rollback();
                local.createStatement().executeUpdate("UPDATE T SET V = V + 1 WHERE ID = 2");
                local.commit();
            }
            cluster.assertConverged("SELECT * FROM T ORDER BY ID");
            try (Connection c = cluster.connect(3)) {
                assertThat(DriverCluster.rows(c, "SELECT V FROM T ORDER BY ID")).containsExactly(List.of(20), List.of(1));
            }
        }
    }

    @Test
    void concurrentIdentityInsertsInTransactionsFromThreeNodesRarelyAbort() throws Exception {
        int perThread = 300;
        try (DriverCluster cluster = DriverCluster.start(3)) {
            try (Connection c = cluster.connect(1); Statement st = c.createStatement()) {
                st.executeUpdate("CREATE TABLE EVENT(ID BIGINT AUTO_INCREMENT PRIMARY KEY, NODE INT, N INT, "
                        + "TICKET BIGINT)");
                st.executeUpdate("CREATE SEQUENCE TICKETS");
                cluster.awaitEverywhere(c.unwrap(ReplicatedConnection.class).lastWritePosition());
            }
            AtomicLong committed = new AtomicLong();
            AtomicLong aborted = new AtomicLong();
            ExecutorService pool = Executors.newFixedThreadPool(6);
            List<Future<?>> workers = new ArrayList<>();
            for (int t = 0; t < 6; t++) {
                int node = t % 3 + 1;
                workers.add(pool.submit(() -> {
                    try (Connection c = cluster.connect(node);
                         PreparedStatement ps = c.prepareStatement(
                                 "INSERT INTO EVENT(NODE, N, TICKET) VALUES (?, ?, NEXT VALUE FOR TICKETS)",
                                 Statement.RETURN_GENERATED_KEYS)) {
                        c.setAutoCommit(false);
                        for (int i = 0; i < perThread; i++) {
                            for (int row = 0; row < 2; row++) {
                                ps.setInt(1, node);
                                ps.setInt(2, i);
                                ps.executeUpdate();
                                try (ResultSet keys = ps.getGeneratedKeys()) {
                                    assertThat(keys.next()).isTrue();
                                }
                            }
                            try {
                                c.commit();
                                committed.incrementAndGet();
                            } catch (SQLTransactionRollbackException e) {
                                aborted.incrementAndGet();
                            }
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> w : workers) {
                w.get(5, TimeUnit.MINUTES);
            }
            pool.shutdown();
            double rate = 100.0 * aborted.get() / (committed.get() + aborted.get());
            System.out.printf("identity inserts in transactions: %d committed, %d aborted (%.2f%%)%n",
                    committed.get(), aborted.get(), rate);
            assertThat(rate).as("abort rate in percent").isLessThan(1.0);
            cluster.assertConverged("SELECT * FROM EVENT ORDER BY ID");
            try (Connection c = cluster.connect(2)) {
                assertThat(DriverCluster.rows(c, "SELECT COUNT(*), COUNT(DISTINCT ID), COUNT(DISTINCT TICKET) FROM EVENT"))
                        .containsExactly(List.of(2 * committed.get(), 2 * committed.get(), 2 * committed.get()));
            }
        }
    }
}
