package io.abcast.examples.chat;

import io.abcast.examples.chat.ReplicaReport.ChannelView;
import io.abcast.examples.cluster.Checks.Check;
import io.abcast.examples.cluster.NodeProcesses;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Prints a {@link ChatRun} as the demo's closing tables: the replicas (messages, position, running hash, digest),
 * the users' throughput and latency per node, every channel's history hash on every replica, the checks, and one
 * line with the result.
 *
 * <p>Not thread safe.
 */
final class RunPrinter {

    private static final int SHORT_HASH = 12;

    private final PrintStream out;
    private final List<Object[]> rows = new ArrayList<>();

    RunPrinter(PrintStream out) {
        this.out = out;
    }

    void print(ChatRun run) {
        replicas(run);
        users(run);
        channels(run);
        checks(run);
    }

    private void replicas(ChatRun run) {
        out.println();
        out.println("Replicas (one process each)");
        row("node", "pid", "messages", "position", "running hash", "data digest", "exit");
        for (int i = 0; i < run.reports().size(); i++) {
            ReplicaReport r = run.reports().get(i);
            row(r.node(), run.pids().get(i), r.messages(), r.position(), shorten(r.hash()), shorten(r.digest()),
                    run.exitCodes().get(i));
        }
        table();
    }

    private void users(ChatRun run) {
        out.println();
        out.println("Users posting (each post returns once the node's replica applied it in the total order)");
        row("node", "users", "messages", "msg/s", "p50 ms", "p99 ms", "max ms");
        for (NodeStats s : run.stats()) {
            row(s.node(), run.plan().usersPerNode(), s.messages(), format("%,.0f", s.throughput()),
                    millis(s.p50Nanos()), millis(s.p99Nanos()), millis(s.maxNanos()));
        }
        long messages = run.stats().stream().mapToLong(NodeStats::messages).sum();
        row("all", run.plan().totalUsers(), messages, format("%,.0f", run.throughput()), "", "", "");
        table();
        out.println("  (all: " + messages + " messages in " + NodeProcesses.seconds(run.workloadNanos())
                + " s, from GO until the last node was done)");
    }

    private void channels(ChatRun run) {
        out.println();
        out.println("Channels (hash of the ordered history every member of the channel reads, per replica)");
        List<ReplicaReport> reports = run.reports();
        String[] header = new String[reports.size() + 4];
        header[0] = "channel";
        header[1] = "members";
        header[2] = "messages";
        for (int i = 0; i < reports.size(); i++) {
            header[3 + i] = reports.get(i).node();
        }
        header[header.length - 1] = "same order";
        row((Object[]) header);
        for (Map.Entry<Integer, Long> expected : run.plan().expectedMessagesPerChannel().entrySet()) {
            int id = expected.getKey();
            Object[] cells = new Object[header.length];
            ChannelView first = reports.isEmpty() ? null : reports.get(0).channels().get(id);
            cells[0] = "#" + ChatPlan.channelName(id);
            cells[1] = first == null ? "?" : first.members();
            cells[2] = first == null ? "?" : first.messages();
            Set<ChannelView> views = new HashSet<>();
            for (int i = 0; i < reports.size(); i++) {
                ChannelView v = reports.get(i).channels().get(id);
                views.add(v);
                cells[3 + i] = v == null ? "missing" : shorten(v.hash());
            }
            cells[cells.length - 1] = views.size() == 1 && first != null ? "yes" : "NO";
            row(cells);
        }
        table();
    }

    private void checks(ChatRun run) {
        out.println();
        out.println("Checks");
        for (Check c : run.verdict().checks()) {
            out.println("  " + (c.ok() ? "[ok]   " : "[FAIL] ") + c.name() + (c.ok() ? "" : ": " + c.detail()));
        }
        boolean exited = run.exitCodes().stream().allMatch(code -> code == 0);
        out.println("  " + (exited ? "[ok]   " : "[FAIL] ") + "every replica process closed cleanly (exit codes "
                + run.exitCodes() + ")");
        out.println();
        if (run.ok()) {
            out.println("RESULT: PASS. " + run.plan().nodes() + " replicas applied the same " + run.expectedPosition()
                    + " commands in the same order; every member of each channel sees the same messages in the same "
                    + "order, none lost or duplicated.");
        } else {
            out.println("RESULT: FAIL. The replicas differ or a check failed (see above). Data and logs: "
                    + run.runDir());
        }
    }

    private void row(Object... cells) {
        rows.add(cells);
    }

    /** Prints the rows added since the last table, each column as wide as its widest cell. */
    private void table() {
        int columns = rows.stream().mapToInt(r -> r.length).max().orElse(0);
        int[] widths = new int[columns];
        for (Object[] r : rows) {
            for (int i = 0; i < r.length; i++) {
                widths[i] = Math.max(widths[i], String.valueOf(r[i]).length());
            }
        }
        for (Object[] r : rows) {
            StringBuilder sb = new StringBuilder(" ");
            for (int i = 0; i < r.length; i++) {
                String text = String.valueOf(r[i]);
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
