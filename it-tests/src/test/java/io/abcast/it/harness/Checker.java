package io.abcast.it.harness;

import io.abcast.it.app.Bank;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The end-of-test checker, run once the workload stopped and every member is at the same position:
 * <ol>
 *   <li>every replica identical: position, running hash, data digest, and the rows themselves;</li>
 *   <li>every acknowledged operation present exactly once; one whose outcome is unknown at most once; one that was
 *       refused, aborted or not attempted absent; nothing present that no application began;</li>
 *   <li>the bank's invariants: the total is constant, no balance is negative, every balance is its initial one plus
 *       the transfers logged; the chat's: every channel in one order on every replica, every author's acknowledged
 *       messages in the order it sent them;</li>
 *   <li>the expectations of the fault: the cut-off side refused writes (08004) and acknowledged none while cut off;
 *       the other side went on acknowledging.</li>
 * </ol>
 * An operation that failed with an error abcast does not promise (anything but 08004, 08007, 40001) breaks none of
 * these if it is applied at most once: it is reported as a product problem (in a banner on standard error and again
 * at the end of the run, see {@link UnexpectedErrors}), and fails the test only with
 * {@code -Dabcast.it.strictErrors=true}.
 * Every problem is collected; the test fails with all of them, and the report goes to the test's log folder.
 */
public final class Checker {

    /** A side that was cut off from the majority between two instants. */
    public record CutOff(Set<String> apps, long from, long to) {
    }

    /** Members that must have acknowledged writes between two instants. */
    public record Progress(Set<String> apps, long from, long to) {
    }

    /** Whether an operation failing with an error abcast does not promise fails the test (else it is reported). */
    static final boolean STRICT = Boolean.getBoolean("abcast.it.strictErrors");

    private final List<String> problems = new ArrayList<>();
    private final List<String> unexpected = new ArrayList<>();
    private final StringBuilder report = new StringBuilder();

    /** Checks the cluster; the report, or an AssertionError listing every problem. */
    public static String check(Cluster cluster, List<CutOff> cutOffs, List<Progress> progress) throws Exception {
        Checker checker = new Checker();
        checker.run(cluster, cutOffs, progress);
        String report = checker.report.toString();
        cluster.saveReport("checker.txt", report + (checker.problems.isEmpty() ? "OK\n"
                : "PROBLEMS:\n" + String.join("\n", checker.problems) + "\n"));
        System.out.println(report);
        UnexpectedErrors.report(cluster.test(), checker.unexpected);
        if (!checker.problems.isEmpty()) {
            throw new AssertionError(checker.problems.size() + " problem(s) in " + cluster.test() + ":\n  "
                    + String.join("\n  ", checker.problems) + "\n" + report);
        }
        return report;
    }

    private void problem(String text) {
        problems.add(text);
    }

    private void run(Cluster cluster, List<CutOff> cutOffs, List<Progress> progress) throws Exception {
        // 1. identical replicas
        Map<String, Member.State> states = new LinkedHashMap<>();
        Map<String, List<String>> dumps = new LinkedHashMap<>();
        for (Member m : cluster.members()) {
            states.put(m.name(), m.state());
            dumps.put(m.name(), m.dump());
        }
        states.forEach((n, s) -> report.append(String.format("%-6s position=%d hash=%s digest=%s rows=%d%n", n,
                s.position(), abbreviate(s.hash()), abbreviate(s.digest()), dumps.get(n).size())));
        if (states.values().stream().distinct().count() != 1) {
            problem("replicas differ in position, hash or digest: " + states);
        }
        String first = dumps.keySet().iterator().next();
        List<String> reference = dumps.get(first);
        dumps.forEach((n, rows) -> {
            if (!rows.equals(reference)) {
                problem("the rows of " + n + " differ from those of " + first + ": " + firstDifference(reference, rows));
            }
        });

        // 2. every operation present as its outcome says
        Map<String, String> outputs = new LinkedHashMap<>();
        for (Member app : cluster.apps()) {
            outputs.put(app.name(), app.stdout());
        }
        Ops ops = Ops.parse(outputs);
        ops.malformed().forEach(m -> problem("operation log: " + m));
        Map<String, Integer> present = new HashMap<>();
        for (String row : reference) {
            String[] w = row.split(" ");
            if (w[0].equals("TRANSFER")) {
                present.merge(w[2], 1, Integer::sum);
            } else if (w[0].equals("MESSAGE")) {
                present.merge(w[5], 1, Integer::sum);
            }
        }
        int acked = 0;
        int uncertainApplied = 0;
        for (Ops.Op op : ops.all()) {
            int n = present.getOrDefault(op.id(), 0);
            if (op.acked()) {
                acked++;
                if (n != 1) {
                    problem("acknowledged operation present " + n + " times: " + op.line());
                }
            } else if (op.uncertain()) {
                uncertainApplied += n;
                if (n > 1) {
                    problem("operation of unknown outcome present " + n + " times: " + op.line());
                }
            } else if (op.notApplied() && n != 0) {
                problem(op.outcome().toLowerCase() + " operation present " + n + " times: " + op.line());
            } else if ("ERROR".equals(op.outcome())) {
                // Not one of the outcomes abcast promises (ACK, 08004, 08007, 40001): a product problem to report,
                // but no broken guarantee as long as the operation is applied at most once.
                unexpected.add(op.line());
                if (n > 1) {
                    problem("operation that failed with an unexpected error present " + n + " times: " + op.line());
                }
                if (STRICT) {
                    problem("an operation failed with an unexpected error: " + op.line());
                }
            }
        }
        present.forEach((id, n) -> {
            if (ops.get(id) == null) {
                problem("row of an operation no application began: " + id);
            }
        });
        if (!unexpected.isEmpty()) {
            report.append("UNEXPECTED ERRORS (product problems; -Dabcast.it.strictErrors=true fails on them):\n  ")
                    .append(String.join("\n  ", unexpected)).append('\n');
        }
        report.append("operations: ").append(ops.counts()).append(", acknowledged ").append(acked)
                .append(", of unknown outcome but applied ").append(uncertainApplied).append('\n');
        if (acked < 50) {
            problem("the workload acknowledged only " + acked + " operations");
        }

        // 3. invariants
        checkBank(reference);
        checkChat(reference, ops, dumps);

        // 4. the fault's expectations
        for (CutOff cut : cutOffs) {
            checkCutOff(cut, ops);
        }
        for (Progress p : progress) {
            long n = ops.with("ACK").stream().filter(o -> p.apps().contains(o.app()) && o.t1() >= p.from()
                    && o.t1() <= p.to()).count();
            report.append("acknowledged by ").append(p.apps()).append(" during the fault: ").append(n).append('\n');
            if (n == 0) {
                problem(p.apps() + " acknowledged no write between " + p.from() + " and " + p.to()
                        + ": the majority did not go on");
            }
        }
    }

    private void checkBank(List<String> rows) {
        Map<Integer, Long> balances = new TreeMap<>();
        Map<Integer, Long> expected = new TreeMap<>();
        for (String row : rows) {
            String[] w = row.split(" ");
            if (w[0].equals("ACCOUNT")) {
                balances.put(Integer.parseInt(w[1]), Long.parseLong(w[2]));
                expected.merge(Integer.parseInt(w[1]), Bank.INITIAL, Long::sum);
            }
        }
        for (String row : rows) {
            String[] w = row.split(" ");
            if (w[0].equals("TRANSFER")) {
                long amount = Long.parseLong(w[5]);
                expected.merge(Integer.parseInt(w[3]), -amount, Long::sum);
                expected.merge(Integer.parseInt(w[4]), amount, Long::sum);
            }
        }
        long total = balances.values().stream().mapToLong(Long::longValue).sum();
        report.append("bank: ").append(balances.size()).append(" accounts, total ").append(total).append('\n');
        if (balances.size() != Bank.ACCOUNTS || total != Bank.ACCOUNTS * Bank.INITIAL) {
            problem("bank: " + balances.size() + " accounts holding " + total + ", expected " + Bank.ACCOUNTS
                    + " holding " + Bank.ACCOUNTS * Bank.INITIAL + ": " + balances);
        }
        balances.forEach((id, b) -> {
            if (b < 0) {
                problem("bank: account " + id + " is negative: " + b);
            }
        });
        if (!balances.equals(expected)) {
            problem("bank: balances " + balances + " are not the initial ones plus the transfers logged " + expected);
        }
    }

    private void checkChat(List<String> rows, Ops ops, Map<String, List<String>> dumps) {
        // every channel in one order on every replica (the rows are compared whole above; this names the channel)
        Map<String, Map<String, List<String>>> channels = new TreeMap<>();
        dumps.forEach((node, lines) -> {
            for (String row : lines) {
                String[] w = row.split(" ");
                if (w[0].equals("MESSAGE")) {
                    channels.computeIfAbsent(w[2], c -> new TreeMap<>())
                            .computeIfAbsent(node, n -> new ArrayList<>()).add(w[5]);
                }
            }
        });
        channels.forEach((channel, byNode) -> {
            if (byNode.values().stream().distinct().count() != 1 || byNode.size() != dumps.size()) {
                problem("chat: channel " + channel + " is not in one order on every replica");
            }
        });
        // an author's acknowledged messages in the order it sent them
        Map<String, List<long[]>> byAuthor = new HashMap<>();
        for (String row : rows) {
            String[] w = row.split(" ");
            if (w[0].equals("MESSAGE")) {
                Ops.Op op = ops.get(w[5]);
                if (op != null && op.acked()) {
                    byAuthor.computeIfAbsent(w[3], a -> new ArrayList<>())
                            .add(new long[] {Long.parseLong(w[1]), Long.parseLong(w[4])});
                }
            }
        }
        int messages = 0;
        for (Map.Entry<String, List<long[]>> e : byAuthor.entrySet()) {
            List<long[]> sent = e.getValue(); // in the order of the table (by id)
            messages += sent.size();
            for (int i = 1; i < sent.size(); i++) {
                if (sent.get(i)[1] <= sent.get(i - 1)[1]) {
                    problem("chat: " + e.getKey() + "'s acknowledged message " + sent.get(i)[1] + " comes after its "
                            + sent.get(i - 1)[1]);
                    break;
                }
            }
        }
        report.append("chat: ").append(channels.size()).append(" channels, ").append(messages)
                .append(" acknowledged messages by ").append(byAuthor.size()).append(" authors\n");
    }

    private void checkCutOff(CutOff cut, Ops ops) {
        long refused = ops.with("REFUSED").stream().filter(o -> cut.apps().contains(o.app()) && o.t1() >= cut.from()
                && o.t1() <= cut.to()).count();
        report.append("refused (08004) by ").append(cut.apps()).append(" while cut off: ").append(refused).append('\n');
        if (refused == 0) {
            problem(cut.apps() + " refused no write while cut off (" + cut.from() + ".." + cut.to() + ")");
        }
        // Begun after the cut (with a margin for a write already on its way) and acknowledged before the heal:
        // impossible without a majority.
        for (Ops.Op op : ops.with("ACK")) {
            if (cut.apps().contains(op.app()) && op.t0() > cut.from() + 1000 && op.t1() < cut.to()) {
                problem("acknowledged on the cut-off side while cut off: " + op.line());
            }
        }
    }

    private static String abbreviate(String hex) {
        return hex == null || hex.length() < 12 ? String.valueOf(hex) : hex.substring(0, 12);
    }

    private static String firstDifference(List<String> a, List<String> b) {
        for (int i = 0; i < Math.max(a.size(), b.size()); i++) {
            String x = i < a.size() ? a.get(i) : "(none)";
            String y = i < b.size() ? b.get(i) : "(none)";
            if (!x.equals(y)) {
                return "row " + i + ": '" + x + "' vs '" + y + "' (" + a.size() + " vs " + b.size() + " rows)";
            }
        }
        return "none";
    }
}
