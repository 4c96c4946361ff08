package io.abcast.examples.cluster;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Prints a {@link Run} as a demo's closing tables: the end state of every replica (position, running hash, digest,
 * rows hash and the scenario's facts), what each node's clients did (throughput, latency, the scenario's counters),
 * the checks, and one line with the result.
 *
 * <p>Not thread safe.
 */
final class RunTables {

    private static final int SHORT_HASH = 12;

    private final PrintStream out;
    private final List<List<Object>> rows = new ArrayList<>();

    RunTables(PrintStream out) {
        this.out = out;
    }

    void print(Run run) {
        replicas(run);
        nodes(run);
        checks(run);
    }

    private void replicas(Run run) {
        out.println();
        out.println("Replicas at the end (one process each)");
        List<Object> header = new ArrayList<>(List.of("node", "pid", "position", "running hash", "data digest",
                "rows hash"));
        if (!run.replicas().isEmpty()) {
            header.addAll(run.replicas().get(0).facts().keySet());
        }
        header.add("exit");
        rows.add(header);
        for (int i = 0; i < run.replicas().size(); i++) {
            ReplicaResult r = run.replicas().get(i);
            List<Object> row = new ArrayList<>(List.of(r.node(), run.pids().get(i), r.position(), shorten(r.hash()),
                    shorten(r.digest()), shorten(r.rows())));
            row.addAll(r.facts().values());
            row.add(run.exitCodes().get(i));
            rows.add(row);
        }
        table();
    }

    private void nodes(Run run) {
        out.println();
        out.println("Clients (each operation returns once the node's replica applied it in the total order)");
        List<Object> header = new ArrayList<>(List.of("node", "clients", run.scenario().unit(), "per s", "p50 ms",
                "p99 ms", "max ms", "commands", "audits"));
        if (!run.nodes().isEmpty()) {
            header.addAll(run.nodes().get(0).counters().keySet());
        }
        rows.add(header);
        for (NodeResult n : run.nodes()) {
            List<Object> row = new ArrayList<>(List.of(n.node(), n.clients(), n.operations(),
                    format("%,.0f", n.throughput()), millis(n.p50Nanos()), millis(n.p99Nanos()), millis(n.maxNanos()),
                    n.commands(), n.audits()));
            row.addAll(n.counters().values());
            rows.add(row);
        }
        table();
        out.println("  (all: " + Checks.sum(run.nodes(), NodeResult::operations) + " " + run.scenario().unit() + " in "
                + NodeProcesses.seconds(run.workloadNanos()) + " s, " + format("%,.0f", run.throughput())
                + " per s, from GO until the last node was done)");
    }

    private void checks(Run run) {
        out.println();
        out.println("Checks");
        for (Checks.Check c : run.verdict().checks()) {
            out.println("  " + (c.ok() ? "[ok]   " : "[FAIL] ") + c.name() + (c.ok() ? "" : ": " + c.detail()));
        }
        boolean exited = run.exitCodes().stream().allMatch(code -> code == 0);
        out.println("  " + (exited ? "[ok]   " : "[FAIL] ") + "every replica process closed cleanly (exit codes "
                + run.exitCodes() + ")");
        out.println();
        if (run.ok()) {
            out.println("RESULT: PASS. " + run.scenario().nodes() + " replicas applied the same "
                    + run.expectedPosition() + " commands in the same order and hold the same rows; every invariant "
                    + "of the " + run.scenario().name() + " scenario holds on each.");
        } else {
            out.println("RESULT: FAIL. The replicas differ or a check failed (see above). Data and logs: "
                    + run.runDir());
        }
    }

    /** Prints the rows added since the last table, each column as wide as its widest cell. */
    private void table() {
        int columns = rows.stream().mapToInt(List::size).max().orElse(0);
        int[] widths = new int[columns];
        for (List<Object> r : rows) {
            for (int i = 0; i < r.size(); i++) {
                widths[i] = Math.max(widths[i], String.valueOf(r.get(i)).length());
            }
        }
        for (List<Object> r : rows) {
            StringBuilder sb = new StringBuilder(" ");
            for (int i = 0; i < r.size(); i++) {
                String text = String.valueOf(r.get(i));
                sb.append("  ").append(text).append(" ".repeat(widths[i] - text.length()));
            }
            out.println(sb.toString().stripTrailing());
        }
        rows.clear();
    }

    private static String shorten(String hash) {
        return hash.length() <= SHORT_HASH ? hash : hash.substring(0, SHORT_HASH);
    }

    private static String millis(long nanos) {
        return format("%.2f", nanos / 1e6);
    }

    private static String format(String pattern, Object... args) {
        return String.format(Locale.ROOT, pattern, args);
    }
}
