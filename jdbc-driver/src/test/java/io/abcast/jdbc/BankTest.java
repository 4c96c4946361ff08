package io.abcast.jdbc;

import org.junit.jupiter.api.Test;

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
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Money is conserved: 3 replicas x 4 threads make random transfers between 50 accounts in transactions (read both
 * balances, update both), retrying on 40001, while a checker reads the total on every replica.
 */
class BankTest {

    private static final int ACCOUNTS = 50;
    private static final long INITIAL = 1_000;
    private static final int ATTEMPTS = 20_000;

    @Test
    void totalBalanceIsConstantOnEveryReplicaAndReplicasEndIdentical() throws Exception {
        try (DriverCluster cluster = DriverCluster.start(3)) {
            try (Connection c = cluster.connect(1); Statement st = c.createStatement()) {
                st.executeUpdate("CREATE TABLE ACCOUNT(ID INT PRIMARY KEY, BALANCE BIGINT NOT NULL)");
                st.executeUpdate("INSERT INTO ACCOUNT SELECT X, " + INITIAL + " FROM SYSTEM_RANGE(1, " + ACCOUNTS + ")");
                cluster.awaitEverywhere(c.unwrap(ReplicatedConnection.class).lastWritePosition());
            }
            AtomicLong attempts = new AtomicLong();
            AtomicLong committed = new AtomicLong();
            AtomicLong aborted = new AtomicLong();
            AtomicBoolean done = new AtomicBoolean();
            ExecutorService pool = Executors.newFixedThreadPool(13);
            List<Future<?>> workers = new ArrayList<>();
            for (int t = 0; t < 12; t++) {
                int node = t % 3 + 1;
                workers.add(pool.submit(() -> transfer(cluster, node, attempts, committed, aborted)));
            }
            Future<Long> checks = pool.submit(() -> check(cluster, done));
            for (Future<?> w : workers) {
                w.get(10, TimeUnit.MINUTES);
            }
            done.set(true);
            long checked = checks.get(1, TimeUnit.MINUTES);
            pool.shutdown();
            System.out.printf("bank: %d attempts, %d committed, %d aborted (%.1f%%), %d total checks%n",
                    attempts.get(), committed.get(), aborted.get(), 100.0 * aborted.get() / attempts.get(), checked);
            assertThat(committed.get()).isPositive();
            assertThat(checked).isPositive();
            long counted = 0;
            for (int node = 1; node <= 3; node++) {
                try (Connection c = cluster.connect(node)) {
                    counted += c.unwrap(ReplicatedConnection.class).replicaMetrics().aborts();
                }
            }
            assertThat(counted).as("aborts counted by the replicas' metrics").isEqualTo(aborted.get());
            cluster.assertConverged("SELECT * FROM ACCOUNT ORDER BY ID");
            for (int node = 1; node <= 3; node++) {
                try (Connection c = cluster.connect(node)) {
                    assertThat(DriverCluster.rows(c, "SELECT SUM(BALANCE), COUNT(*) FROM ACCOUNT"))
                            .containsExactly(List.of(java.math.BigDecimal.valueOf(ACCOUNTS * INITIAL), (long) ACCOUNTS));
                }
            }
        }
    }

    private static Void transfer(DriverCluster cluster, int node, AtomicLong attempts, AtomicLong committed,
                                 AtomicLong aborted) throws SQLException {
        try (Connection c = cluster.connect(node);
             PreparedStatement read = c.prepareStatement("SELECT BALANCE FROM ACCOUNT WHERE ID = ?");
             PreparedStatement write = c.prepareStatement("UPDATE ACCOUNT SET BALANCE = ? WHERE ID = ?")) {
            c.setAutoCommit(false);
            ThreadLocalRandom random = ThreadLocalRandom.current();
            while (attempts.incrementAndGet() <= ATTEMPTS) {
                int from = random.nextInt(1, ACCOUNTS + 1);
                int to = random.nextInt(1, ACCOUNTS + 1);
                if (from == to) {
                    continue;
                }
                long amount = random.nextLong(1, 50);
                try {
                    long fromBalance = balance(read, from);
                    long toBalance = balance(read, to);
                    if (fromBalance >= amount) {
                        update(write, from, fromBalance - amount);
                        update(write, to, toBalance + amount);
                    }
                    c.commit();
                    committed.incrementAndGet();
                } catch (SQLException e) {
                    if (!"40001".equals(e.getSQLState())) {
                        throw e;
                    }
                    c.rollback();
                    aborted.incrementAndGet();
                }
            }
        }
        return null;
    }

    private static long balance(PreparedStatement read, int id) throws SQLException {
        read.setInt(1, id);
        try (ResultSet rs = read.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static void update(PreparedStatement write, int id, long balance) throws SQLException {
        write.setLong(1, balance);
        write.setInt(2, id);
        write.executeUpdate();
    }

    /** Reads the total on every replica, in a read-only transaction each, until the workers are done. */
    private static long check(DriverCluster cluster, AtomicBoolean done) throws SQLException {
        long checks = 0;
        List<Connection> connections = new ArrayList<>();
        try {
            for (int node = 1; node <= 3; node++) {
                Connection c = cluster.connect(node);
                c.setAutoCommit(false);
                c.setTransactionIsolation(Connection.TRANSACTION_SERIALIZABLE);
                connections.add(c);
            }
            while (!done.get()) {
                for (Connection c : connections) {
                    try (Statement st = c.createStatement();
                         ResultSet rs = st.executeQuery("SELECT SUM(BALANCE) FROM ACCOUNT")) {
                        rs.next();
                        assertThat(rs.getLong(1)).as("total balance").isEqualTo(ACCOUNTS * INITIAL);
                    }
                    c.commit();
                    checks++;
                }
            }
        } finally {
            for (Connection c : connections) {
                c.close();
            }
        }
        return checks;
    }
}
