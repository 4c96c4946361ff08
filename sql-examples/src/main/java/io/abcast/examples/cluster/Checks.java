package io.abcast.examples.cluster;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * The verdict on a run: the checks every scenario gets ({@link #common}: every replica applied exactly the commands
 * issued and ends with the same state and rows, every client did its operations, the auditors found the invariant
 * in every snapshot) followed by the scenario's own, and helpers to write those.
 *
 * <p>Stateless; thread safe.
 */
public final class Checks {

    private static final int MAX_PROBLEMS = 5;

    /** One property of the run, and what was wrong if it does not hold. */
    public record Check(String name, boolean ok, String detail) {
    }

    /** Every check of a run. */
    public record Verdict(List<Check> checks) {
        public Verdict {
            checks = List.copyOf(checks);
        }

        /** Whether every check holds. */
        public boolean ok() {
            return checks.stream().allMatch(Check::ok);
        }
    }

    private Checks() {
    }

    /**
     * The whole verdict: the common checks, then the scenario's.
     *
     * @param setupPosition the position after node 1's setup; with the clients' commands, what every replica must
     *                      have applied
     */
    public static Verdict verdict(Scenario scenario, long setupPosition, List<NodeResult> nodes,
                                  List<ReplicaResult> replicas) {
        List<Check> checks = new ArrayList<>(common(scenario, setupPosition, nodes, replicas));
        if (!replicas.isEmpty() && nodes.size() == scenario.nodes()) {
            checks.addAll(scenario.check(nodes, replicas));
        }
        return new Verdict(checks);
    }

    /** The checks of every scenario. */
    public static List<Check> common(Scenario scenario, long setupPosition, List<NodeResult> nodes,
                                     List<ReplicaResult> replicas) {
        long expected = setupPosition + sum(nodes, NodeResult::commands);
        long operations = (long) scenario.nodes() * scenario.clientsPerNode() * scenario.operationsPerClient();
        List<Check> checks = new ArrayList<>();
        checks.add(check("all " + scenario.nodes() + " replicas reported",
                replicas.size() == scenario.nodes() && nodes.size() == scenario.nodes(),
                List.of(replicas.size() + " replicas and " + nodes.size() + " nodes reported")));
        checks.add(check("every replica applied exactly the " + expected + " commands issued (setup "
                + setupPosition + ", clients " + (expected - setupPosition) + ")",
                each(replicas, r -> r.position() == expected ? null : r.node() + " is at " + r.position())));
        checks.add(same("same position, running hash and data digest on every replica", replicas,
                r -> r.position() + " " + r.hash() + " " + r.digest()));
        checks.add(same("same rows in every table on every replica", replicas, ReplicaResult::rows));
        checks.add(check("the clients did all " + operations + " " + scenario.unit(),
                sum(nodes, NodeResult::operations) == operations,
                List.of(sum(nodes, NodeResult::operations) + " done")));
        checks.add(check("the invariant held in every snapshot audited during the run ("
                + sum(nodes, NodeResult::audits) + " audits)", problems(nodes, n -> n.audits() == 0
                ? n.node() + " audited nothing"
                : n.violations() > 0 ? n.node() + " saw it broken in " + n.violations() + " of " + n.audits()
                : null)));
        return checks;
    }

    /** A check that holds when every replica's problem is null. */
    public static Check each(String name, List<ReplicaResult> replicas, Function<ReplicaResult, String> problem) {
        return check(name, each(replicas, problem));
    }

    /** A check that holds when {@code key} is the same on every replica. */
    public static Check same(String name, List<ReplicaResult> replicas, Function<ReplicaResult, Object> key) {
        Set<Object> distinct = new HashSet<>();
        replicas.forEach(r -> distinct.add(key.apply(r)));
        List<String> parts = new ArrayList<>();
        replicas.forEach(r -> parts.add(r.node() + "=" + key.apply(r)));
        return check(name, distinct.size() <= 1 ? List.of() : List.of("differ: " + String.join(", ", parts)));
    }

    /** A check from its list of problems: it holds when there are none. */
    public static Check check(String name, List<String> problems) {
        return check(name, problems.isEmpty(), problems);
    }

    /** A check with the problems to show when it does not hold. */
    public static Check check(String name, boolean ok, List<String> problems) {
        List<String> shown = problems.size() > MAX_PROBLEMS ? problems.subList(0, MAX_PROBLEMS) : problems;
        String detail = ok ? "" : String.join("; ", shown)
                + (problems.size() > MAX_PROBLEMS ? "; and " + (problems.size() - MAX_PROBLEMS) + " more" : "");
        return new Check(name, ok, detail);
    }

    /** Sums a number over the nodes. */
    public static long sum(List<NodeResult> nodes, Function<NodeResult, Long> value) {
        return nodes.stream().mapToLong(value::apply).sum();
    }

    private static List<String> each(List<ReplicaResult> replicas, Function<ReplicaResult, String> problem) {
        return problems(replicas, problem);
    }

    private static <T> List<String> problems(List<T> items, Function<T, String> problem) {
        return items.stream().map(problem).filter(Objects::nonNull).toList();
    }
}
