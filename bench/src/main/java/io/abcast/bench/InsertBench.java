package io.abcast.bench;

import io.abcast.bench.Target.CheckLine;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * The single-row insert workload ({@link InsertWorkload}) on every target: warm-up, one measured run per thread
 * count, then every replica or server must hold every acknowledged row.
 */
final class InsertBench implements Bench {

    private final List<Integer> threads;
    private final int seconds;
    private final long maxRows;
    private final long warmup;
    private final int warmupSeconds;
    private final int payload;
    private final List<RunResult> results = new ArrayList<>();
    private final boolean liveHeap;

    InsertBench(List<Integer> threads, int seconds, long maxRows, long warmup, int warmupSeconds, int payload,
                boolean liveHeap) {
        this.liveHeap = liveHeap;
        this.threads = threads;
        this.seconds = seconds;
        this.maxRows = maxRows;
        this.warmup = warmup;
        this.warmupSeconds = warmupSeconds;
        this.payload = payload;
    }

    @Override
    public String name() {
        return "insert";
    }

    @Override
    public String title() {
        return String.format(Locale.ROOT, "Single-row inserts in autocommit (each run %d s or %d rows, warm-up %d s or "
                + "%d rows, payload %d chars):", seconds, maxRows, warmupSeconds, warmup, payload);
    }

    @Override
    public boolean supports(String target) {
        return true;
    }

    @Override
    public boolean run(Target target, List<String> report) throws Exception {
        int maxThreads = Collections.max(threads);
        long started = System.nanoTime();
        target.start(maxThreads);
        target.setUp(List.of(InsertWorkload.CREATE_TABLE));
        InsertWorkload workload = new InsertWorkload(payload);
        RunResult warm = workload.run(target, maxThreads, warmup, Duration.ofSeconds(warmupSeconds));
        System.out.printf(Locale.ROOT, "insert     %-16s started and warmed up (%d rows, %.0f rows/s) in %.1f s%n",
                target.name(), warm.rows(), warm.throughput(), (System.nanoTime() - started) / 1e9);
        if (warm.error() != null) {
            throw new IllegalStateException("the warm-up failed: " + warm.error());
        }
        long rows = warm.rows();
        boolean ok = true;
        for (int t : threads) {
            System.gc();
            RunResult r;
            String heap;
            try (HeapWatch watch = new HeapWatch(liveHeap)) {
                r = workload.run(target, t, maxRows, Duration.ofSeconds(seconds));
                heap = watch.summary();
            }
            report.add(String.format(Locale.ROOT, "  %-16s threads=%d: %s (this JVM)", target.name(), t, heap));
            rows += r.rows();
            results.add(r);
            ok &= r.error() == null;
            System.out.printf(Locale.ROOT, "insert     %-16s threads=%d: %d rows in %.1f s, %.0f rows/s%s%n",
                    target.name(), t, r.rows(), r.nanos() / 1e9, r.throughput(),
                    r.error() == null ? "" : ", stopped: " + r.error());
        }
        long unknown = workload.idsUsed() - rows;
        for (CheckLine line : target.check(InsertWorkload.rowCount(rows))) {
            report.add(String.format(Locale.ROOT, "  %-16s %-4s %s", target.name(), line.ok() ? "ok" : "FAIL",
                    line.text() + (line.ok() || unknown == 0 ? "" : " (" + unknown + " inserts failed)")));
            ok &= line.ok();
        }
        return ok;
    }

    @Override
    public void failed(String target, Exception e) {
        results.add(new RunResult(target, 0, 0, 0, 0, 0, 0, "failed: " + e));
    }

    /** Draws the runs' throughput against client threads, one line per target, as a PNG. */
    void plot(Path file) throws IOException {
        Plot.write(results, String.format(Locale.ROOT, "Single-row autocommit inserts (%d s runs, %d cores)", seconds,
                Runtime.getRuntime().availableProcessors()), file);
    }

    @Override
    public void printTable(PrintStream out) {
        ReportTable.print(results, BenchMain.BASELINE, out);
    }
}
