package io.abcast.examples.cluster;

import io.abcast.jdbc.ReplicatedConnection;
import io.abcast.replicator.ReplicaState;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * What one replica holds at the end of a run: the driver's position, running hash and data digest, a hash of every
 * row of every table (see {@link TableRows}), and the scenario's facts (e.g. the total of the balances). Read it
 * with {@link #read} once the replica applied every command of the run: the parts are read one after the other, so
 * they agree only on a replica that no longer changes. Immutable.
 */
public record ReplicaResult(String node, long position, String hash, String digest, String rows,
                            Map<String, Long> facts) {

    private static final Set<String> FIXED = Set.of("node", "position", "hash", "digest", "rows");

    public ReplicaResult {
        facts = Collections.unmodifiableMap(new LinkedHashMap<>(facts));
    }

    /** Reads the replica's result through an abcast connection to it. */
    public static ReplicaResult read(String node, Connection conn, Scenario scenario) throws SQLException {
        ReplicaState state = conn.unwrap(ReplicatedConnection.class).replicaState();
        return new ReplicaResult(node, state.position(), state.hash(), state.digest(), TableRows.hash(conn),
                scenario.facts(conn));
    }

    /** A fact of the scenario's; throws if the replica did not report it. */
    public long fact(String name) {
        Long value = facts.get(name);
        if (value == null) {
            throw new IllegalArgumentException(node + " reported no " + name + ": " + facts);
        }
        return value;
    }

    /** The protocol line: {@code REPORT node=n1 position=... rows=...}, the facts last. */
    public String toLine() {
        StringBuilder sb = new StringBuilder("REPORT node=" + node + " position=" + position + " hash=" + hash
                + " digest=" + digest + " rows=" + rows);
        facts.forEach((k, v) -> sb.append(' ').append(k).append('=').append(v));
        return sb.toString();
    }

    /** The result from its {@link #toLine}. */
    public static ReplicaResult parse(String line) {
        Fields f = Fields.parse(line);
        Map<String, Long> facts = new LinkedHashMap<>();
        f.values().keySet().stream().filter(k -> !FIXED.contains(k)).forEach(k -> facts.put(k, f.number(k)));
        return new ReplicaResult(f.text("node"), f.number("position"), f.text("hash"), f.text("digest"),
                f.text("rows"), facts);
    }
}
