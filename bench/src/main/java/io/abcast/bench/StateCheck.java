package io.abcast.bench;

import io.abcast.bench.Target.CheckLine;
import io.abcast.replicator.ReplicaState;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Compares replicas at the end of a run: waits until every replica has applied as far as the first one, then
 * checks that they hold the same position, running hash and data digest.
 */
final class StateCheck {

    /** Where a replica's state is read from: a connection in this JVM, or a child process's {@code status}. */
    interface Source {
        ReplicaState read() throws Exception;
    }

    private StateCheck() {
    }

    /**
     * Reads every replica until all positions are equal (or the time runs out), then compares them with the first.
     *
     * @param replicas node name to its state, the reference first
     */
    static List<CheckLine> compare(Map<String, Source> replicas, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<String, ReplicaState> states = readAll(replicas);
        while (!samePosition(states) && System.nanoTime() < deadline) {
            Thread.sleep(200);
            states = readAll(replicas);
        }
        List<CheckLine> lines = new ArrayList<>();
        ReplicaState reference = null;
        String referenceNode = null;
        for (Map.Entry<String, ReplicaState> e : states.entrySet()) {
            ReplicaState s = e.getValue();
            String text = e.getKey() + ": position=" + s.position() + " hash=" + shortHex(s.hash()) + " digest="
                    + shortHex(s.digest());
            if (reference == null) {
                reference = s;
                referenceNode = e.getKey();
                lines.add(new CheckLine(true, text));
            } else {
                boolean same = s.equals(reference);
                lines.add(new CheckLine(same, text + (same ? " (same as " + referenceNode + ")"
                        : " DIFFERS from " + referenceNode + describe(reference, s))));
            }
        }
        return lines;
    }

    private static String describe(ReplicaState reference, ReplicaState s) {
        List<String> diffs = new ArrayList<>();
        if (reference.position() != s.position()) {
            diffs.add("position");
        }
        if (!reference.hash().equals(s.hash())) {
            diffs.add("hash");
        }
        if (!reference.digest().equals(s.digest())) {
            diffs.add("digest");
        }
        return " in " + String.join(", ", diffs);
    }

    private static Map<String, ReplicaState> readAll(Map<String, Source> replicas) throws Exception {
        Map<String, ReplicaState> states = new LinkedHashMap<>();
        for (Map.Entry<String, Source> e : replicas.entrySet()) {
            states.put(e.getKey(), e.getValue().read());
        }
        return states;
    }

    private static boolean samePosition(Map<String, ReplicaState> states) {
        return states.values().stream().mapToLong(ReplicaState::position).distinct().count() == 1;
    }

    /** The first 16 hex digits: enough to tell states apart in a report. */
    static String shortHex(String hex) {
        return hex == null || hex.length() <= 16 ? String.valueOf(hex) : hex.substring(0, 16);
    }
}
