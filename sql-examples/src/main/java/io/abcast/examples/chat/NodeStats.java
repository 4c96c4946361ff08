package io.abcast.examples.chat;

import io.abcast.examples.cluster.Fields;

import java.util.Arrays;

/**
 * What one node's users did: how many messages they posted, how many commands the node issued in all (its users'
 * registration included), over how long, and the latency of one post (from the call to its return, which waits
 * until the message is ordered and applied by the node's replica).
 *
 * @param node         node name
 * @param messages     messages posted
 * @param writes       commands issued by the node during the workload (each a write that took a position)
 * @param elapsedNanos from the first post to the last return
 * @param p50Nanos     median latency of a post
 * @param p99Nanos     99th percentile latency of a post
 * @param maxNanos     slowest post
 */
public record NodeStats(String node, long messages, long writes, long elapsedNanos, long p50Nanos, long p99Nanos,
                        long maxNanos) {

    /** Stats from the latency of every post, in any order. */
    static NodeStats of(String node, long writes, long elapsedNanos, long[] latencies) {
        long[] sorted = latencies.clone();
        Arrays.sort(sorted);
        return new NodeStats(node, sorted.length, writes, elapsedNanos, percentile(sorted, 50), percentile(sorted, 99),
                sorted.length == 0 ? 0 : sorted[sorted.length - 1]);
    }

    private static long percentile(long[] sorted, int p) {
        if (sorted.length == 0) {
            return 0;
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }

    /** Messages per second over the node's elapsed time. */
    public double throughput() {
        return elapsedNanos == 0 ? 0 : messages * 1e9 / elapsedNanos;
    }

    /** The protocol line: {@code DONE node=... messages=...}. */
    String toLine() {
        return "DONE node=" + node + " messages=" + messages + " writes=" + writes + " elapsedNanos=" + elapsedNanos
                + " p50Nanos=" + p50Nanos + " p99Nanos=" + p99Nanos + " maxNanos=" + maxNanos;
    }

    static NodeStats parse(String line) {
        Fields f = Fields.parse(line);
        return new NodeStats(f.text("node"), f.number("messages"), f.number("writes"), f.number("elapsedNanos"),
                f.number("p50Nanos"), f.number("p99Nanos"), f.number("maxNanos"));
    }
}
