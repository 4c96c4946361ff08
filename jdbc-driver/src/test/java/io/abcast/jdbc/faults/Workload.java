package io.abcast.jdbc.faults;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Writers that insert numbered rows through the nodes while faults happen, recording each insert's fate: acknowledged
 * (must be there exactly once), failed before it was sent (must not be there), or outcome unknown (at most once).
 */
final class Workload implements AutoCloseable {

    static final String TABLE = "CREATE TABLE W(ID BIGINT AUTO_INCREMENT PRIMARY KEY, WRITER INT NOT NULL, "
            + "SEQ INT NOT NULL)";

    private final FaultCluster cluster;
    private final AtomicBoolean stop = new AtomicBoolean();
    private final List<Thread> threads = new ArrayList<>();
    final Set<Long> acknowledged = ConcurrentHashMap.newKeySet();
    final Set<Long> unknown = ConcurrentHashMap.newKeySet();
    final AtomicLong refused = new AtomicLong();

    Workload(FaultCluster cluster) {
        this.cluster = cluster;
    }

    /** A writer on the node: writes until stopped; if its node goes, it stops too. */
    void start(int node, int writer) {
        Thread t = new Thread(() -> run(node, writer), "writer-" + writer);
        t.setDaemon(true);
        threads.add(t);
        t.start();
    }

    private void run(int node, int writer) {
        int seq = 0;
        try (Connection c = cluster.connect(node);
             PreparedStatement ps = c.prepareStatement("INSERT INTO W(WRITER, SEQ) VALUES (?, ?)")) {
            while (!stop.get()) {
                seq++;
                long key = (long) writer << 32 | seq;
                ps.setInt(1, writer);
                ps.setInt(2, seq);
                try {
                    ps.executeUpdate();
                    acknowledged.add(key);
                } catch (SQLException e) {
                    String state = e.getSQLState();
                    if ("08007".equals(state)) {
                        unknown.add(key);
                    } else if ("08004".equals(state)) {
                        refused.incrementAndGet();
                    } else {
                        unknown.add(key);
                        return; // the node is gone
                    }
                }
            }
        } catch (SQLException e) {
            // the node is gone
        }
    }

    long acknowledgedCount() {
        return acknowledged.size();
    }

    @Override
    public void close() throws InterruptedException {
        stop.set(true);
        for (Thread t : threads) {
            t.join(60_000);
        }
    }

    /** Every acknowledged insert is there exactly once, an unknown one at most once, nothing else. */
    void check(Connection c) throws SQLException {
        List<List<Object>> rows = FaultCluster.rows(c, "SELECT WRITER, SEQ, COUNT(*) FROM W GROUP BY WRITER, SEQ");
        Set<Long> present = new java.util.HashSet<>();
        for (List<Object> row : rows) {
            long key = ((Number) row.get(0)).longValue() << 32 | ((Number) row.get(1)).longValue();
            assertThat(((Number) row.get(2)).longValue()).as("copies of insert %s", key).isEqualTo(1);
            present.add(key);
        }
        assertThat(present).as("every acknowledged insert").containsAll(acknowledged);
        Set<Long> extra = new java.util.HashSet<>(present);
        extra.removeAll(acknowledged);
        extra.removeAll(unknown);
        assertThat(extra).as("inserts that were neither acknowledged nor in doubt").isEmpty();
    }
}
