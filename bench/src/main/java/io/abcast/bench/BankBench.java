package io.abcast.bench;

import io.abcast.bench.Target.CheckLine;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The bank workload ({@link BankWorkload}) with a given number of accounts on every target but H2's cluster mode:
 * warm-up, one measured run per thread count, then money must be conserved on every database and the replicas
 * must agree.
 */
final class BankBench implements Bench {

    private final String name;
    private final int accounts;
    private final List<Integer> threads;
    private final int seconds;
    private final int warmupSeconds;
    private final List<BankResult> results = new ArrayList<>();

    BankBench(String name, int accounts, List<Integer> threads, int seconds, int warmupSeconds) {
        this.name = name;
        this.accounts = accounts;
        this.threads = threads;
        this.seconds = seconds;
        this.warmupSeconds = warmupSeconds;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String title() {
        return String.format(Locale.ROOT, "Bank transfers in SERIALIZABLE transactions between %d accounts (each run %d "
                + "s, warm-up %d s):", accounts, seconds, warmupSeconds);
    }

    /** Not H2's cluster mode: its client sends each statement to one server, then the other, with no common order. */
    @Override
    public boolean supports(String target) {
        return !target.equals("h2-cluster-2");
    }

    @Override
    public boolean run(Target target, List<String> report) throws Exception {
        int maxThreads = Collections.max(threads);
        long started = System.nanoTime();
        target.start(maxThreads);
        BankWorkload workload = new BankWorkload(accounts);
        target.setUp(workload.setUp());
        String label = String.format(Locale.ROOT, "%-10s %-16s", name, target.name());
        if (warmupSeconds > 0) {
            BankResult warm = workload.run(target, maxThreads, Duration.ofSeconds(warmupSeconds));
            if (warm.error() != null) {
                throw new IllegalStateException("the warm-up failed: " + warm.error());
            }
            System.out.printf(Locale.ROOT, "%s started and warmed up (%d transfers, %.0f tx/s) in %.1f s%n", label,
                    warm.commits(), warm.throughput(), (System.nanoTime() - started) / 1e9);
        }
        boolean ok = true;
        for (int t : threads) {
            System.gc();
            BankResult r = workload.run(target, t, Duration.ofSeconds(seconds));
            results.add(r);
            ok &= r.error() == null;
            System.out.printf(Locale.ROOT, "%s threads=%d: %d transfers in %.1f s, %.0f tx/s, %.1f%% aborts%s%n", label,
                    t, r.commits(), r.nanos() / 1e9, r.throughput(), 100 * r.abortRate(),
                    r.error() == null ? "" : ", stopped: " + r.error());
            r.examples().forEach((kind, message) -> System.out.printf(Locale.ROOT, "%s   first %s abort: %s%n", label,
                    kind, message.length() > 300 ? message.substring(0, 300) + "..." : message));
        }
        for (CheckLine line : target.check(workload::check)) {
            report.add(String.format(Locale.ROOT, "  %-16s %-4s %s", target.name(), line.ok() ? "ok" : "FAIL",
                    line.text()));
            ok &= line.ok();
        }
        return ok;
    }

    @Override
    public void failed(String target, Exception e) {
        results.add(new BankResult(target, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, Map.of(), Map.of(), "failed: " + e));
    }

    @Override
    public void printTable(PrintStream out) {
        BankTable.print(results, BenchMain.BASELINE, out);
    }
}
