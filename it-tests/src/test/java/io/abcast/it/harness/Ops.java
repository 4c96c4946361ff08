package io.abcast.it.harness;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The operations the application nodes recorded in their logs (see {@code io.abcast.it.app.OpLog}). */
public final class Ops {

    /** One operation: where it ran, when, and how it ended (null: its node died before it said). */
    public record Op(String id, String app, String kind, long t0, String outcome, long t1, String state, String line) {
        public boolean acked() {
            return "ACK".equals(outcome);
        }

        /** Whether it may or may not have been applied: unknown outcome, or the node died before it said. */
        public boolean uncertain() {
            return outcome == null || "UNKNOWN".equals(outcome);
        }

        /** Whether it must not have been applied. */
        public boolean notApplied() {
            return "NOOP".equals(outcome) || "REFUSED".equals(outcome) || "ABORTED".equals(outcome);
        }

        /** A field of an acknowledged operation's detail ({@code from=3}). */
        public String detail(String key) {
            for (String word : line.split(" ")) {
                if (word.startsWith(key + "=")) {
                    return word.substring(key.length() + 1);
                }
            }
            return null;
        }
    }

    private final Map<String, Op> byId = new LinkedHashMap<>();
    private final List<String> malformed = new ArrayList<>();

    /** Parses the standard output of every application node (name to output). */
    public static Ops parse(Map<String, String> outputs) {
        Ops ops = new Ops();
        outputs.forEach(ops::add);
        return ops;
    }

    private void add(String app, String output) {
        for (String line : output.split("\n")) {
            if (!line.startsWith("OP ")) {
                continue;
            }
            String[] w = line.trim().split(" ");
            try {
                String id = w[2];
                if (w[1].equals("BEGIN")) {
                    Op old = byId.put(id, new Op(id, app, w[3], Long.parseLong(w[4]), null, 0, null, line));
                    if (old != null) {
                        malformed.add("operation id used twice: " + line);
                    }
                } else {
                    Op begun = byId.get(id);
                    if (begun == null || begun.outcome() != null) {
                        malformed.add((begun == null ? "no BEGIN for: " : "second outcome for: ") + line);
                        continue;
                    }
                    String state = w.length > 6 && !w[1].equals("ACK") ? w[6] : null;
                    byId.put(id, new Op(id, app, w[3], Long.parseLong(w[4]), w[1], Long.parseLong(w[5]), state,
                            line));
                }
            } catch (RuntimeException e) {
                malformed.add("cannot read: " + line);
            }
        }
    }

    public Collection<Op> all() {
        return byId.values();
    }

    public Op get(String id) {
        return byId.get(id);
    }

    public List<String> malformed() {
        return malformed;
    }

    public List<Op> with(String outcome) {
        return byId.values().stream().filter(o -> outcome.equals(o.outcome())).toList();
    }

    /** Counts by node and outcome, for the report. */
    public Map<String, Map<String, Integer>> counts() {
        Map<String, Map<String, Integer>> counts = new LinkedHashMap<>();
        for (Op op : byId.values()) {
            counts.computeIfAbsent(op.app(), a -> new LinkedHashMap<>())
                    .merge(op.outcome() == null ? "NO-OUTCOME" : op.outcome(), 1, Integer::sum);
        }
        return counts;
    }
}
