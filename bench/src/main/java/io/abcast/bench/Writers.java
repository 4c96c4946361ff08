package io.abcast.bench;

import io.abcast.jdbc.ReplicatedConnection;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Client threads inserting single rows into the insert workload's {@code BENCH} table, one thread per connection,
 * with ids from a shared counter. Every write is recorded: its id, when it started and ended, the position it was
 * applied at, or how it failed. A failed write is not retried (its id is not reused); the thread goes on with the
 * next after a short pause. {@link #check} then tells whether a database holds exactly what it should.
 */
final class Writers {

    /**
     * One write.
     *
     * @param id    the row's id
     * @param start {@link System#nanoTime()} before {@code executeUpdate}
     * @param end   after it returned or threw
     * @param position the position it was applied at (the connection's last write position), 0 if it failed
     * @param error null if it was acknowledged, else the SQLState and message
     */
    record Write(long id, long start, long end, long position, String error) {
        boolean ok() {
            return error == null;
        }
    }

    private static final String PAYLOAD = "x".repeat(100);
    private static final long PAUSE_AFTER_ERROR_MILLIS = 5;

    private final AtomicLong ids;
    private final AtomicLong budget = new AtomicLong();
    private final ConcurrentLinkedQueue<Write> writes = new ConcurrentLinkedQueue<>();
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean stop;

    /** @param ids the last id used; each write takes the next */
    Writers(AtomicLong ids) {
        this.ids = ids;
    }

    /** Starts one thread per connection; together they make at most {@code maxWrites} writes. */
    void start(List<Connection> connections, long maxWrites) {
        budget.set(maxWrites);
        for (int i = 0; i < connections.size(); i++) {
            Connection c = connections.get(i);
            Thread t = new Thread(() -> write(c), "bench-writer-" + i);
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
    }

    private void write(Connection connection) {
        try (PreparedStatement ps = connection.prepareStatement(InsertWorkload.INSERT)) {
            ReplicatedConnection replicated = connection.unwrap(ReplicatedConnection.class);
            while (!stop && budget.getAndDecrement() > 0) {
                long id = ids.incrementAndGet();
                ps.setLong(1, id);
                ps.setInt(2, 0);
                ps.setString(3, PAYLOAD);
                long start = System.nanoTime();
                try {
                    ps.executeUpdate();
                    long end = System.nanoTime();
                    writes.add(new Write(id, start, end, replicated.lastWritePosition(), null));
                } catch (SQLException e) {
                    writes.add(new Write(id, start, System.nanoTime(), 0, e.getSQLState() + " " + e.getMessage()));
                    Thread.sleep(PAUSE_AFTER_ERROR_MILLIS);
                }
            }
        } catch (SQLException e) {
            writes.add(new Write(-1, System.nanoTime(), System.nanoTime(), 0, "preparing: " + e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Waits until every thread finished its writes, or stopped. */
    void join() throws InterruptedException {
        for (Thread t : threads) {
            t.join();
        }
    }

    /** Makes every thread stop after the write it is in, and waits for them. */
    void stop() throws InterruptedException {
        stop = true;
        join();
    }

    /** Every write so far, in no particular order. */
    List<Write> writes() {
        return new ArrayList<>(writes);
    }

    /** The first failure, or null. */
    String firstError() {
        return writes.stream().filter(w -> !w.ok()).map(Write::error).findFirst().orElse(null);
    }

    /** Every acknowledged row is there; any other row is one whose write failed (its outcome unknown). */
    static Target.DataCheck check(List<Write> writes) {
        Set<Long> acknowledged = new HashSet<>();
        Set<Long> failed = new HashSet<>();
        for (Write w : writes) {
            (w.ok() ? acknowledged : failed).add(w.id());
        }
        return (where, connection) -> {
            Set<Long> present = new HashSet<>();
            try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery("SELECT ID FROM BENCH")) {
                while (rs.next()) {
                    present.add(rs.getLong(1));
                }
            }
            long missing = acknowledged.stream().filter(id -> !present.contains(id)).count();
            long unexpected = present.stream().filter(id -> !acknowledged.contains(id) && !failed.contains(id)).count();
            long ofFailed = present.stream().filter(failed::contains).count();
            boolean ok = missing == 0 && unexpected == 0;
            return new Target.CheckLine(ok, String.format(Locale.ROOT, "%s: rows=%d, acknowledged %d (%d missing), failed %d "
                    + "(%d of them present), unexpected %d", where, present.size(), acknowledged.size(), missing,
                    failed.size(), ofFailed, unexpected));
        };
    }
}
