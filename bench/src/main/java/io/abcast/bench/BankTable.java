package io.abcast.bench;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/**
 * The bank workload's table: one line per target and thread count with committed transfers, their throughput, the
 * aborts and abort rate, the latency of a committed attempt (p50, p99) and of a whole transfer with its retries (p99),
 * and the throughput as a fraction of the baseline's (plain embedded H2) at the same thread count. Below it, what the
 * aborts were.
 */
final class BankTable {

    private static final String FORMAT = "%-16s %7s %8s %8s %8s %7s %8s %8s %9s %8s%n";

    private BankTable() {
    }

    static void print(List<BankResult> results, String baseline, PrintStream out) {
        out.printf(Locale.ROOT, FORMAT, "target", "threads", "commits", "tx/s", "aborts", "abort%", "p50 ms",
                "p99 ms", "xfer p99", "vs plain");
        out.printf(Locale.ROOT, FORMAT, "-".repeat(16), "-".repeat(7), "-".repeat(8), "-".repeat(8), "-".repeat(8),
                "-".repeat(7), "-".repeat(8), "-".repeat(8), "-".repeat(9), "-".repeat(8));
        for (BankResult r : results) {
            out.printf(Locale.ROOT, FORMAT, r.target() + (r.error() == null ? "" : " *"), r.threads(), r.commits(),
                    String.format(Locale.ROOT, "%.0f", r.throughput()), r.aborts(),
                    String.format(Locale.ROOT, "%.1f", 100 * r.abortRate()), millis(r.p50Nanos()),
                    millis(r.p99Nanos()), millis(r.transferP99()), ratio(r, results, baseline));
        }
        for (BankResult r : results) {
            if (!r.abortKinds().isEmpty() || r.readOnly() > 0 || r.gaveUp() > 0) {
                out.printf(Locale.ROOT, "  %s, %d threads: aborts by SQLState/code %s; %d read-only commits; "
                        + "%d transfers given up at the end%n", r.target(), r.threads(), r.abortKinds(), r.readOnly(),
                        r.gaveUp());
            }
        }
        for (BankResult r : results) {
            if (r.error() != null) {
                out.println("* " + r.target() + " (" + r.threads() + " threads) stopped on an error: " + r.error());
            }
        }
    }

    private static String millis(long nanos) {
        return String.format(Locale.ROOT, "%.3f", nanos / 1e6);
    }

    private static String ratio(BankResult r, List<BankResult> results, String baseline) {
        for (BankResult b : results) {
            if (b.target().equals(baseline) && b.threads() == r.threads() && b.throughput() > 0) {
                return String.format(Locale.ROOT, "%.3f", r.throughput() / b.throughput());
            }
        }
        return "-";
    }
}
