package io.abcast.examples.cluster;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What one node's clients did, and what its auditor saw while they ran. Immutable.
 *
 * @param node         node name
 * @param clients      clients on the node
 * @param operations   operations done by its clients
 * @param commands     commands its clients put in the total order (see {@link Tally#wrote()})
 * @param audits       snapshots of the replica the auditor read during the run
 * @param violations   audits that found the scenario's invariant broken
 * @param elapsedNanos from the clients' start until the last was done
 * @param p50Nanos     median latency of an operation (retries included)
 * @param p99Nanos     99th percentile latency of an operation
 * @param maxNanos     slowest operation
 * @param counters     the scenario's counters, summed over the clients, in the order the scenario gave them
 */
public record NodeResult(String node, int clients, long operations, long commands, long audits, long violations,
                         long elapsedNanos, long p50Nanos, long p99Nanos, long maxNanos, Map<String, Long> counters) {

    private static final Set<String> FIXED = Set.of("node", "clients", "operations", "commands", "audits",
            "violations", "elapsedNanos", "p50Nanos", "p99Nanos", "maxNanos");

    public NodeResult {
        counters = Collections.unmodifiableMap(new LinkedHashMap<>(counters));
    }

    /** The node's result from its clients' tallies. */
    static NodeResult of(String node, List<Tally> tallies, long audits, long violations, long elapsedNanos) {
        long operations = 0;
        long commands = 0;
        Map<String, Long> counters = new LinkedHashMap<>();
        long[] all = new long[0];
        for (Tally t : tallies) {
            operations += t.operations();
            commands += t.commands();
            t.counters().forEach((k, v) -> counters.merge(k, v, Long::sum));
            long[] l = t.latencies();
            int from = all.length;
            all = Arrays.copyOf(all, from + l.length);
            System.arraycopy(l, 0, all, from, l.length);
        }
        Arrays.sort(all);
        return new NodeResult(node, tallies.size(), operations, commands, audits, violations, elapsedNanos,
                percentile(all, 50), percentile(all, 99), all.length == 0 ? 0 : all[all.length - 1], counters);
    }

    private static long percentile(long[] sorted, int p) {
        if (sorted.length == 0) {
            return 0;
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }

    /** A counter of the scenario's, 0 if the clients never counted it. */
    public long counter(String name) {
        return counters.getOrDefault(name, 0L);
    }

    /** Operations per second over the node's elapsed time. */
    public double throughput() {
        return elapsedNanos == 0 ? 0 : operations * 1e9 / elapsedNanos;
    }

    /** The protocol line: {@code DONE node=n1 clients=4 ...}, the counters last. */
    public String toLine() {
        StringBuilder sb = new StringBuilder("DONE node=" + node + " clients=" + clients + " operations=" + operations
                + " commands=" + commands + " audits=" + audits + " violations=" + violations + " elapsedNanos="
                + elapsedNanos + " p50Nanos=" + p50Nanos + " p99Nanos=" + p99Nanos + " maxNanos=" + maxNanos);
        counters.forEach((k, v) -> sb.append(' ').append(k).append('=').append(v));
        return sb.toString();
    }

    /** The result from its {@link #toLine}. */
    public static NodeResult parse(String line) {
        Fields f = Fields.parse(line);
        Map<String, Long> counters = new LinkedHashMap<>();
        f.values().keySet().stream().filter(k -> !FIXED.contains(k)).forEach(k -> counters.put(k, f.number(k)));
        return new NodeResult(f.text("node"), (int) f.number("clients"), f.number("operations"), f.number("commands"),
                f.number("audits"), f.number("violations"), f.number("elapsedNanos"), f.number("p50Nanos"),
                f.number("p99Nanos"), f.number("maxNanos"), counters);
    }
}
