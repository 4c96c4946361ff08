package io.abcast.bench;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/**
 * The result table: one line per target and thread count with rows done, throughput, p50 and p99 latency, and the
 * throughput as a fraction of the baseline's (plain embedded H2) at the same thread count.
 */
final class ReportTable {

    private static final String FORMAT = "%-16s %7s %9s %10s %9s %9s %9s %9s%n";

    private ReportTable() {
    }

    static void print(List<RunResult> results, String baseline, PrintStream out) {
        out.printf(Locale.ROOT, FORMAT, "target", "threads", "rows", "rows/s", "p50 ms", "p99 ms", "max ms",
                "vs plain");
        out.printf(Locale.ROOT, FORMAT, "-".repeat(16), "-".repeat(7), "-".repeat(9), "-".repeat(10), "-".repeat(9),
                "-".repeat(9), "-".repeat(9), "-".repeat(9));
        for (RunResult r : results) {
            out.printf(Locale.ROOT, FORMAT, r.target() + (r.error() == null ? "" : " *"), r.threads(), r.rows(),
                    String.format(Locale.ROOT, "%.0f", r.throughput()), millis(r.p50Nanos()), millis(r.p99Nanos()),
                    millis(r.maxNanos()), ratio(r, results, baseline));
        }
        for (RunResult r : results) {
            if (r.error() != null) {
                out.println("* " + r.target() + " (" + r.threads() + " threads) stopped on an error: " + r.error());
            }
        }
    }

    private static String millis(long nanos) {
        return String.format(Locale.ROOT, "%.3f", nanos / 1e6);
    }

    private static String ratio(RunResult r, List<RunResult> results, String baseline) {
        for (RunResult b : results) {
            if (b.target().equals(baseline) && b.threads() == r.threads() && b.throughput() > 0) {
                return String.format(Locale.ROOT, "%.3f", r.throughput() / b.throughput());
            }
        }
        return "-";
    }
}
