package io.abcast.bench;

import io.abcast.bench.Target.CheckLine;
import io.abcast.jdbc.ReplicatedConnection;
import io.abcast.replicator.Replica;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How long writes stop when the sequencer crashes. Three replicas, n1 the sequencer; writers insert single rows
 * through n2 and n3; n1 crashes. Measured from the crash: until a survivor's view no longer holds n1 (failure
 * detection), until that view is reconciled and primary (the survivor's status says primary), and until a probe,
 * which writes through a survivor from right after the crash, has a write acknowledged in the new view (the first
 * accepted write). A probe write that the survivor applied while its view still held n1 would mean the sequencer still
 * worked after the crash; it is reported. Also the longest any write took, how many were in flight at the crash, and
 * how many failed.
 * Then the survivors must agree and hold every acknowledged row, and no row of a write that was neither acknowledged
 * nor failed.
 */
final class FailoverScenario implements Scenario {

    /** The set-ups and ways of crashing, by their {@code --failover} names. */
    static final List<String> KINDS = List.of("in-jvm", "tcp-kill", "tcp-stop");

    /**
     * One round's figures, in nanoseconds from the crash; -1 where it did not happen.
     *
     * @param inFlight writes started before the crash and ended after it
     * @param failed   writes that threw, by SQLState
     */
    private record Row(String kind, int round, long detect, long synced, long firstWrite, long longest, long inFlight,
                       Map<String, Integer> failed, String error) {
    }

    private static final Duration WARMUP = Duration.ofSeconds(3);
    private static final Duration AFTER = Duration.ofSeconds(2);
    private static final Duration TIMEOUT = Duration.ofSeconds(90);
    /** Clusters started per round until n1 is the sequencer (a node that discovers no one forms a cluster alone). */
    private static final int ATTEMPTS = 3;

    private final List<String> kinds;
    private final int rounds;
    private final int writers;
    private final long detectionMillis;
    private final List<Row> rows = new ArrayList<>();

    /**
     * @param kinds           which of {@link #KINDS}
     * @param detectionMillis FD_ALL3's timeout in the in-JVM set-up
     */
    FailoverScenario(List<String> kinds, int rounds, int writers, long detectionMillis) {
        this.kinds = kinds;
        this.rounds = rounds;
        this.writers = writers;
        this.detectionMillis = detectionMillis;
    }

    @Override
    public String name() {
        return "failover";
    }

    @Override
    public String title() {
        return String.format(Locale.ROOT, "Failover: the sequencer n1 of 3 replicas crashes while %d writers insert "
                + "through n2 and n3 (ms from the crash; in-jvm: FD_ALL3 timeout %d ms, VERIFY_SUSPECT2 %d ms; tcp: the "
                + "shipped stack's %s):", writers, detectionMillis, detectionMillis / 4, shippedDetection());
    }

    /** The failure detection protocols of the shipped tcp stack, as written there. */
    private static String shippedDetection() {
        try (InputStream in = Replica.class.getResourceAsStream("/io/abcast/replicator/tcp.xml")) {
            String xml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            Matcher m = Pattern.compile("<(FD_\\w+|VERIFY_SUSPECT\\w*)([^/]*)/>").matcher(xml);
            List<String> found = new ArrayList<>();
            while (m.find()) {
                String attributes = m.group(2).replaceAll("bind_addr=\"[^\"]*\"|port_range=\"[^\"]*\"", "")
                        .replaceAll("\\s+", " ").trim();
                found.add(m.group(1) + (attributes.isEmpty() ? "" : " " + attributes));
            }
            return String.join(", ", found);
        } catch (IOException | RuntimeException e) {
            return "failure detection (unreadable: " + e + ")";
        }
    }

    @Override
    public boolean run(Path dir, Path logs, String cluster, List<String> report) throws Exception {
        boolean ok = true;
        for (String kind : kinds) {
            for (int round = 1; round <= rounds; round++) {
                try {
                    ok &= round(kind, round, dir, logs, cluster, report);
                } catch (Exception e) {
                    ok = false;
                    rows.add(new Row(kind, round, -1, -1, -1, -1, 0, Map.of(), e.toString()));
                    report.add(String.format(Locale.ROOT, "  %-10s %d FAIL %s", kind, round, e));
                    e.printStackTrace();
                }
            }
        }
        return ok;
    }

    /** Starts a fresh cluster for the round, again if n1 is not its sequencer, and measures its failover. */
    private boolean round(String kind, int round, Path dir, Path logs, String cluster, List<String> report)
            throws Exception {
        for (int attempt = 1; ; attempt++) {
            String name = cluster + "-" + kind + "-" + round + (attempt == 1 ? "" : "-" + attempt);
            Path roundDir = dir.resolve(kind + "-" + round + "-" + attempt);
            try (FailoverCluster set = switch (kind) {
                case "in-jvm" -> new InJvmFailoverCluster(roundDir, name, detectionMillis);
                case "tcp-kill" -> new ProcessFailoverCluster(roundDir, logs, name, false);
                case "tcp-stop" -> new ProcessFailoverCluster(roundDir, logs, name, true);
                default -> throw new IllegalArgumentException(kind);
            }) {
                set.start();
                set.setUp(InsertWorkload.CREATE_TABLE);
                ReplicatedConnection monitor = set.monitor();
                List<String> members = monitor.replicaStatus().members();
                if (members.get(0).equals("n1")) {
                    return measure(kind, round, set, monitor, logs.resolve(name), report);
                }
                String note = kind + " round " + round + ": n1 is not the sequencer, the view is " + members
                        + " (a node discovered no one in time and formed a cluster of its own, merged later)";
                if (attempt == ATTEMPTS) {
                    throw new IllegalStateException(note + ", " + ATTEMPTS + " times");
                }
                System.out.println("failover   " + note + "; starting a fresh cluster");
                report.add(String.format(Locale.ROOT, "  %-10s %d note %s; started again", kind, round, note));
            }
        }
    }

    private boolean measure(String kind, int round, FailoverCluster set, ReplicatedConnection monitor, Path diagnostics,
                            List<String> report) throws Exception {
        AtomicLong ids = new AtomicLong();
        Writers load = new Writers(ids);
        load.start(set.writerConnections(writers), Long.MAX_VALUE);
        Thread.sleep(WARMUP.toMillis());
        Writers probe = new Writers(ids);
        List<Connection> probeConnection = set.writerConnections(1);
        ViewWatch watch = new ViewWatch(monitor, "n1");
        watch.start();
        long crash = set.crash();
        probe.start(probeConnection, Long.MAX_VALUE);
        long firstWrite = awaitFirstAck(probe, watch);
        if (firstWrite < 0) {
            Diagnostics.dump(diagnostics.getParent(), diagnostics.getFileName() + "-no-write-accepted",
                    "no write through a survivor was acknowledged within " + TIMEOUT.toSeconds() + " s of the crash of "
                            + "n1; view watch: " + watch + "\n" + set.status(), set.childPids());
        } else {
            Thread.sleep(AFTER.toMillis());
        }
        probe.stop();
        load.stop();
        watch.interrupt();
        watch.join();
        List<Writers.Write> writes = load.writes();
        writes.addAll(probe.writes());
        long longest = 0;
        long inFlight = 0;
        Map<String, Integer> failed = new TreeMap<>();
        for (Writers.Write w : writes) {
            if (w.end() > crash) {
                longest = Math.max(longest, w.end() - w.start());
            }
            if (w.start() < crash && w.end() > crash) {
                inFlight++;
            }
            if (!w.ok()) {
                failed.merge(w.error().split(" ", 2)[0], 1, Integer::sum);
            }
        }
        // A probe write the survivor applied while its view still held n1 was sequenced by n1 after the crash.
        long oldView = watch.positionBeforeView;
        List<Writers.Write> early = probe.writes().stream().filter(w -> w.ok() && w.position() <= oldView).toList();
        Writers.Write first = probe.writes().stream().filter(w -> w.ok() && w.position() > oldView)
                .min(Comparator.comparingLong(Writers.Write::end)).orElse(null);
        long firstNanos = first == null ? -1 : first.end() - crash;
        String error = firstWrite < 0 ? "no write accepted within " + TIMEOUT.toSeconds() + " s"
                : early.isEmpty() ? null : early.size() + " write(s) issued after the crash were applied while the "
                + "survivor's view still held n1 (positions " + early.stream().map(w -> Long.toString(w.position()))
                .toList() + ", up to " + oldView + "): the sequencer still sequenced after the crash";
        Row row = new Row(kind, round, since(watch.viewAt, crash), since(watch.primaryAt, crash), firstNanos, longest,
                inFlight, failed, error);
        rows.add(row);
        System.out.printf(Locale.ROOT, "failover   %-10s round %d: the survivor at position %d in the old view; new view %s "
                + "after %.0f ms at position %d, primary %.0f ms, first write %.0f ms at position %s; %d writes, %d failed "
                + "%s%s%n", kind, round, oldView, watch.members, row.detect / 1e6, watch.positionAtView, row.synced / 1e6,
                row.firstWrite / 1e6,
                first == null ? "-" : Long.toString(first.position()), writes.size(),
                failed.values().stream().mapToInt(Integer::intValue).sum(), failed,
                failed.isEmpty() ? "" : ", first: " + firstError(load, probe));
        if (!early.isEmpty()) {
            System.out.println("failover   " + kind + " round " + round + ": " + error);
        }
        boolean ok = firstWrite >= 0;
        for (CheckLine line : set.check(Writers.check(writes))) {
            report.add(String.format(Locale.ROOT, "  %-10s %d %-4s %s", kind, round, line.ok() ? "ok" : "FAIL",
                    line.text()));
            ok &= line.ok();
        }
        return ok;
    }

    private static String firstError(Writers load, Writers probe) {
        String e = probe.firstError() != null ? probe.firstError() : load.firstError();
        return e == null || e.length() <= 300 ? e : e.substring(0, 300) + "...";
    }

    private static long since(long at, long crash) {
        return at < 0 ? -1 : at - crash;
    }

    /**
     * Waits until the survivor is primary in a view without the sequencer and the probe has had a write acknowledged.
     *
     * @return when the first probe write was acknowledged, or -1 if this did not happen in time
     */
    private static long awaitFirstAck(Writers probe, ViewWatch watch) throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (watch.primaryAt >= 0) {
                for (Writers.Write w : probe.writes()) {
                    if (w.ok()) {
                        return w.end();
                    }
                }
            }
            Thread.sleep(1);
        }
        return -1;
    }

    @Override
    public void printTable(PrintStream out) {
        String format = "%-10s %5s %9s %10s %11s %11s %9s %7s%n";
        out.printf(Locale.ROOT, format, "set-up", "round", "detect ms", "primary ms", "1st write ms", "longest ms",
                "in flight", "failed");
        out.printf(Locale.ROOT, format, "-".repeat(10), "-".repeat(5), "-".repeat(9), "-".repeat(10), "-".repeat(11),
                "-".repeat(11), "-".repeat(9), "-".repeat(7));
        for (Row r : rows) {
            if (r.error != null && r.firstWrite < 0 && r.detect < 0) {
                out.printf(Locale.ROOT, "%-10s %5d failed: %s%n", r.kind, r.round, r.error);
                continue;
            }
            out.printf(Locale.ROOT, format, r.kind + (r.error == null ? "" : " *"), r.round, millis(r.detect),
                    millis(r.synced), millis(r.firstWrite), millis(r.longest), r.inFlight,
                    r.failed.values().stream().mapToInt(Integer::intValue).sum());
        }
        for (Row r : rows) {
            if (!r.failed.isEmpty()) {
                out.printf(Locale.ROOT, "  %s round %d: failed writes by SQLState %s%n", r.kind, r.round, r.failed);
            }
            if (r.error != null && (r.firstWrite >= 0 || r.detect >= 0)) {
                out.printf(Locale.ROOT, "  * %s round %d: %s%n", r.kind, r.round, r.error);
            }
        }
    }

    private static String millis(long nanos) {
        return nanos < 0 ? "-" : String.format(Locale.ROOT, "%.0f", nanos / 1e6);
    }
}
