package io.abcast.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The insert workload: client threads, each with its own connection and prepared
 * {@code INSERT INTO BENCH(ID, THREAD, PAYLOAD) VALUES (?, ?, ?)}, insert single rows in autocommit until a row
 * budget is spent or a time limit passes. Each {@code executeUpdate} is timed with {@link System#nanoTime}.
 */
final class InsertWorkload {

    /** The benchmark table. */
    static final String CREATE_TABLE =
            "CREATE TABLE BENCH(ID BIGINT PRIMARY KEY, THREAD INT NOT NULL, PAYLOAD VARCHAR(200) NOT NULL)";

    /** The one statement measured. */
    static final String INSERT = "INSERT INTO BENCH(ID, THREAD, PAYLOAD) VALUES (?, ?, ?)";

    private static final int PAYLOADS = 64;

    private final AtomicLong nextId = new AtomicLong();
    private final String[] payloads;

    /** A workload whose ids count up from 1 across all its runs, so that runs on one table never collide. */
    InsertWorkload(int payloadBytes) {
        payloads = new String[PAYLOADS];
        String letters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
        for (int i = 0; i < PAYLOADS; i++) {
            StringBuilder sb = new StringBuilder(payloadBytes);
            for (int j = 0; j < payloadBytes; j++) {
                sb.append(letters.charAt(ThreadLocalRandom.current().nextInt(letters.length())));
            }
            payloads[i] = sb.toString();
        }
    }

    /** How many inserts have been handed an id (returned or failed). */
    long idsUsed() {
        return nextId.get();
    }

    /**
     * Runs {@code threads} client threads on the target's first connections.
     *
     * @param maxRows the row budget, shared by the threads
     * @param limit   the time after which threads stop (each finishes the insert it is in)
     */
    RunResult run(Target target, int threads, long maxRows, Duration limit) throws InterruptedException {
        AtomicLong budget = new AtomicLong(maxRows);
        AtomicReference<String> error = new AtomicReference<>();
        CountDownLatch go = new CountDownLatch(1);
        List<Latencies> latencies = new ArrayList<>();
        List<Thread> workers = new ArrayList<>();
        long[] deadline = new long[1];
        for (int t = 0; t < threads; t++) {
            Latencies mine = new Latencies();
            latencies.add(mine);
            int thread = t;
            Connection connection = target.connection(t);
            Thread worker = new Thread(() -> {
                try (PreparedStatement ps = connection.prepareStatement(INSERT)) {
                    go.await();
                    while (error.get() == null && System.nanoTime() < deadline[0] && budget.getAndDecrement() > 0) {
                        long id = nextId.incrementAndGet();
                        ps.setLong(1, id);
                        ps.setInt(2, thread);
                        ps.setString(3, payloads[(int) (id % PAYLOADS)]);
                        long start = System.nanoTime();
                        ps.executeUpdate();
                        mine.add(System.nanoTime() - start);
                    }
                } catch (SQLException | RuntimeException e) {
                    error.compareAndSet(null, "thread " + thread + ": " + e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "bench-" + target.name() + "-" + t);
            workers.add(worker);
            worker.start();
        }
        long start = System.nanoTime();
        deadline[0] = start + limit.toNanos();
        go.countDown();
        for (Thread worker : workers) {
            worker.join();
        }
        long nanos = System.nanoTime() - start;
        long[] sorted = Latencies.sorted(latencies);
        return new RunResult(target.name(), threads, sorted.length, nanos, Latencies.percentile(sorted, 50),
                Latencies.percentile(sorted, 99), sorted.length == 0 ? 0 : sorted[sorted.length - 1], error.get());
    }

    /** The check of one database: {@code expectedRows} rows, and their number and sum of ids in the report. */
    static Target.DataCheck rowCount(long expectedRows) {
        return (where, connection) -> {
            String summary;
            try (Statement st = connection.createStatement();
                 ResultSet rs = st.executeQuery("SELECT COUNT(*), COALESCE(SUM(ID), 0) FROM BENCH")) {
                rs.next();
                summary = "rows=" + rs.getLong(1) + " sumId=" + rs.getLong(2);
            }
            boolean ok = summary.startsWith("rows=" + expectedRows + " ");
            return new Target.CheckLine(ok, where + ": " + summary + (ok ? "" : " (expected rows=" + expectedRows + ")"));
        };
    }
}
