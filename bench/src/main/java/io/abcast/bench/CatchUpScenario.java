package io.abcast.bench;

import io.abcast.bench.Target.CheckLine;
import io.abcast.jdbc.ReplicatedConnection;
import io.abcast.replicator.Replica;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * How fast a replica that was down catches up. Three replicas in this JVM on file databases; n3 goes down, clients
 * write through n1 and n2, n3 restarts from its files, and the time from its restart until it has applied the
 * cluster's position is measured. Three cases: n3 stopped and the retained log reaching back to it (it replays the
 * log's entries); n3 stopped and a retained log of {@value #TINY_LOG} bytes (it gets a snapshot); n3 crashed (a
 * crashed replica is always re-seeded from a snapshot). The snapshot cases first load a data set of the given size.
 * Which path was taken is read off n3's applied position: replaying the log advances it one command at a time, a
 * snapshot moves it in one step.
 */
final class CatchUpScenario implements Scenario {

    /** How n3 misses the writes, hence how it catches up. */
    private enum Case {
        LOG("log replay", false, "log"),
        SHORT_LOG("snapshot, log too short", false, "snapshot"),
        CRASH("snapshot, after a crash", true, "snapshot");

        final String label;
        final boolean crash;
        final String expectedPath;

        Case(String label, boolean crash, String expectedPath) {
            this.label = label;
            this.crash = crash;
            this.expectedPath = expectedPath;
        }
    }

    /**
     * One case's figures.
     *
     * @param behind    commands n3 lacked: the cluster's position minus n3's when it restarted
     * @param path      how it caught up, as observed: log, snapshot, or - when it failed
     * @param shipped   bytes of log entries (command bytes) or of snapshot script that n3 needed
     * @param joinNanos from the restart until n3's replica had started and joined
     * @param nanos     from the restart until n3 had applied the cluster's position
     */
    private record Row(Case c, long behind, String path, long shipped, long joinNanos, long nanos, String error) {
    }

    private static final long LARGE_LOG = 1L << 30;
    static final long TINY_LOG = 1000;
    /** FD_ALL3's timeout for the crash case; how fast the crash is noticed does not matter here. */
    private static final long CRASH_DETECTION_MILLIS = 5000;
    private static final int ROWS_PER_LOAD_COMMAND = 10_000;
    /** About how many bytes of SCRIPT each loaded row takes; the size is measured afterwards. */
    private static final int SCRIPT_BYTES_PER_ROW = 210;
    private static final String LOAD = "INSERT INTO BENCH(ID, THREAD, PAYLOAD) SELECT X, 0, "
            + "REPEAT(RAWTOHEX(HASH('SHA-256', CAST(X AS VARCHAR))), 3) FROM SYSTEM_RANGE(?, ?)";
    private static final Duration TIMEOUT = Duration.ofMinutes(5);

    private final long commands;
    private final int snapshotMb;
    private final int writers;
    private final List<Row> rows = new ArrayList<>();

    /**
     * @param commands   single-row inserts written while n3 is down, in the log case (a tenth in the snapshot cases)
     * @param snapshotMb about how many megabytes of SQL script the snapshot cases' data set makes
     * @param writers    client threads writing through n1 and n2
     */
    CatchUpScenario(long commands, int snapshotMb, int writers) {
        this.commands = commands;
        this.snapshotMb = snapshotMb;
        this.writers = writers;
    }

    @Override
    public String name() {
        return "catchup";
    }

    @Override
    public String title() {
        return String.format(Locale.ROOT, "Catch-up of a restarted replica, 3 replicas in one JVM on files (log case: %d "
                + "inserts missed; snapshot cases: a %d MB data set, %d inserts missed):", commands, snapshotMb,
                missed(Case.SHORT_LOG));
    }

    private long missed(Case c) {
        // The applier prunes the log every 256 commands: past 1000, a log of TINY_LOG bytes no longer reaches back.
        return c == Case.LOG ? commands : Math.max(1000, commands / 10);
    }

    @Override
    public boolean run(Path dir, Path logs, String cluster, List<String> report) throws Exception {
        boolean ok = true;
        for (Case c : Case.values()) {
            String key = c.name().toLowerCase(Locale.ROOT);
            try {
                ok &= runCase(c, dir.resolve(key), logs, cluster + "-" + key, report);
            } catch (Exception e) {
                ok = false;
                rows.add(new Row(c, 0, "-", 0, 0, 0, e.toString()));
                report.add(String.format(Locale.ROOT, "  %-26s FAIL %s", c.label, e));
                e.printStackTrace();
            }
        }
        return ok;
    }

    private boolean runCase(Case c, Path dir, Path logs, String cluster, List<String> report) throws Exception {
        String stack = c.crash ? ReplicaSet.failureDetectingStack(dir, CRASH_DETECTION_MILLIS) : "in-jvm";
        long logBytes = c == Case.SHORT_LOG ? TINY_LOG : LARGE_LOG;
        AtomicLong ids = new AtomicLong();
        try (ReplicaSet set = new ReplicaSet(dir, cluster, 3, stack, ";abcast.retained_log_bytes=" + logBytes)) {
            ReplicatedConnection n1 = set.replicated(1);
            ReplicatedConnection n2 = set.replicated(2);
            ReplicatedConnection n3 = set.replicated(3);
            set.awaitView(3, TIMEOUT, 1, 2, 3);
            try (Statement st = n1.createStatement()) {
                st.executeUpdate(InsertWorkload.CREATE_TABLE);
            }
            long loaded = c == Case.LOG ? 0 : load(n1, ids);
            long down = n1.lastWritePosition();
            n3.awaitPosition(down, TIMEOUT);
            if (c.crash) {
                set.crash(3);
                set.awaitView(2, TIMEOUT, 1, 2);
            } else {
                set.stop(3);
            }
            long written = write(set, ids, missed(c));
            long target = Math.max(set.replica(1).appliedPosition(), set.replica(2).appliedPosition());
            n1.awaitPosition(target, TIMEOUT);
            n2.awaitPosition(target, TIMEOUT);
            long shipped = describeSource(set.replica(1), c, down, target);

            System.gc();
            long start = System.nanoTime();
            n3 = set.replicated(3); // restarts n3 from its files
            long joined = System.nanoTime();
            Watch watch = watch(set.replica(3), down, target);
            long end = System.nanoTime();
            if (watch.position < target) {
                Diagnostics.dump(logs, cluster + "-not-caught-up", "n3 restarted at position " + down + " and was at "
                        + watch.position + " after " + TIMEOUT.toSeconds() + " s, not at the cluster's " + target
                        + "\n" + set.replica(1).status() + "\n" + set.replica(2).status() + "\n"
                        + set.replica(3).status());
                throw new IllegalStateException("n3 did not catch up: at " + watch.position + " of " + target);
            }
            String path = watch.intermediate > 0 ? "log" : watch.atJoin < target ? "snapshot" : "?";
            Row row = new Row(c, target - down, path, shipped, joined - start, end - start, null);
            rows.add(row);
            System.out.printf(Locale.ROOT, "catchup    %-24s n3 restarted %d behind; joined in %.0f ms, caught up in %.3f "
                    + "s by %s (%d positions seen on the way)%n", c.label, row.behind, row.joinNanos / 1e6, row.nanos / 1e9,
                    path, watch.intermediate);
            boolean ok = check(c, row, report);
            Map<String, StateCheck.Source> sources = new LinkedHashMap<>();
            sources.put("n1", n1::replicaState);
            sources.put("n2", n2::replicaState);
            sources.put("n3", n3::replicaState);
            List<CheckLine> lines = new ArrayList<>(StateCheck.compare(sources, TIMEOUT));
            Target.DataCheck data = InsertWorkload.rowCount(loaded + written);
            lines.add(data.check("n1", n1));
            lines.add(data.check("n3", n3));
            for (CheckLine line : lines) {
                report.add(String.format(Locale.ROOT, "  %-26s %-4s %s", c.label, line.ok() ? "ok" : "FAIL", line.text()));
                ok &= line.ok();
            }
            return ok;
        }
    }

    /** Loads the snapshot cases' data set through n1, in commands of many rows; returns the rows. */
    private long load(Connection n1, AtomicLong ids) throws SQLException {
        long rowCount = snapshotMb * 1_000_000L / SCRIPT_BYTES_PER_ROW;
        long start = System.nanoTime();
        try (PreparedStatement ps = n1.prepareStatement(LOAD)) {
            for (long from = 1; from <= rowCount; from += ROWS_PER_LOAD_COMMAND) {
                ps.setLong(1, from);
                ps.setLong(2, Math.min(rowCount, from + ROWS_PER_LOAD_COMMAND - 1));
                ps.executeUpdate();
            }
        }
        ids.set(rowCount);
        System.out.printf(Locale.ROOT, "catchup    loaded %d rows in %.1f s%n", rowCount, (System.nanoTime() - start) / 1e9);
        return rowCount;
    }

    /** Writes single-row inserts through n1 and n2 while n3 is down; returns how many (all must succeed). */
    private long write(ReplicaSet set, AtomicLong ids, long count) throws Exception {
        List<Connection> connections = new ArrayList<>();
        for (int i = 0; i < writers; i++) {
            connections.add(set.connect(1 + i % 2));
        }
        Writers w = new Writers(ids);
        long start = System.nanoTime();
        w.start(connections, count);
        w.join();
        if (w.firstError() != null) {
            throw new IllegalStateException("a write while n3 was down failed: " + w.firstError());
        }
        System.out.printf(Locale.ROOT, "catchup    %d inserts through n1 and n2 while n3 was down, in %.1f s%n", count,
                (System.nanoTime() - start) / 1e9);
        return count;
    }

    /**
     * Prints what n1 can serve: the retained log's extent and whether it reaches back to n3's position (the entry at
     * that position must be there, to check n3's hash against), and the size of the script a snapshot would be.
     *
     * @return the bytes n3 needs: the log entries after its position (log case), or the script
     */
    private static long describeSource(Replica n1, Case c, long down, long target) throws SQLException {
        try (Connection conn = n1.openH2(); Statement st = conn.createStatement()) {
            long first;
            long entries;
            long after;
            try (ResultSet rs = st.executeQuery("SELECT MIN(POSITION), COUNT(*), COALESCE(SUM(CASE WHEN POSITION > "
                    + down + " THEN OCTET_LENGTH(COMMAND) END), 0) FROM ABCAST.LOG")) {
                rs.next();
                first = rs.getLong(1);
                entries = rs.getLong(2);
                after = rs.getLong(3);
            }
            long script = 0;
            try (ResultSet rs = st.executeQuery("SCRIPT")) {
                while (rs.next()) {
                    script += rs.getString(1).getBytes(StandardCharsets.UTF_8).length + 1;
                }
            }
            System.out.printf(Locale.ROOT, "catchup    %-24s n1 at %d retains %d log entries from position %d (%s n3's %d);"
                    + " entries after it: %d bytes; SCRIPT: %d bytes%n", c.label, target, entries, first,
                    first <= down ? "reaching back to" : "not reaching back to", down, after, script);
            return c == Case.LOG ? after : script;
        }
    }

    /** What n3's applied position did after its restart. */
    private static final class Watch {
        long atJoin;
        long position;
        /** Distinct positions seen strictly between n3's own and the target: log replay shows many, a snapshot none. */
        long intermediate;
    }

    private static Watch watch(Replica n3, long down, long target) throws InterruptedException {
        Watch w = new Watch();
        w.atJoin = n3.appliedPosition();
        w.position = w.atJoin;
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        long last = -1;
        while (w.position < target && System.nanoTime() < deadline) {
            Thread.sleep(1);
            w.position = n3.appliedPosition();
            if (w.position != last && w.position > down && w.position < target) {
                w.intermediate++;
            }
            last = w.position;
        }
        return w;
    }

    private static boolean check(Case c, Row row, List<String> report) {
        boolean ok = row.path.equals(c.expectedPath);
        report.add(String.format(Locale.ROOT, "  %-26s %-4s n3 caught up by %s%s", c.label, ok ? "ok" : "FAIL", row.path,
                ok ? "" : " (expected " + c.expectedPath + ")"));
        return ok;
    }

    @Override
    public void printTable(PrintStream out) {
        String format = "%-26s %8s %-9s %11s %8s %12s %11s %9s%n";
        out.printf(Locale.ROOT, format, "case", "behind", "path", "shipped MB", "join ms", "caught up s", "commands/s",
                "MB/s");
        out.printf(Locale.ROOT, format, "-".repeat(26), "-".repeat(8), "-".repeat(9), "-".repeat(11), "-".repeat(8),
                "-".repeat(12), "-".repeat(11), "-".repeat(9));
        for (Row r : rows) {
            if (r.error != null) {
                out.printf(Locale.ROOT, "%-26s failed: %s%n", r.c.label, r.error);
                continue;
            }
            double afterJoin = (r.nanos - r.joinNanos) / 1e9;
            out.printf(Locale.ROOT, format, r.c.label, r.behind, r.path, String.format(Locale.ROOT, "%.2f", r.shipped / 1e6),
                    String.format(Locale.ROOT, "%.0f", r.joinNanos / 1e6), String.format(Locale.ROOT, "%.3f", r.nanos / 1e9),
                    r.path.equals("log") ? String.format(Locale.ROOT, "%.0f", r.behind / afterJoin) : "-",
                    String.format(Locale.ROOT, "%.2f", r.shipped / 1e6 / afterJoin));
        }
        out.println("(shipped: the log entries' command bytes after n3's position, or the SCRIPT of n1's database; "
                + "join and caught up: from n3's restart; the rates: over the time from its join to caught up)");
    }
}
