package io.abcast.examples.cluster;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;

/**
 * A workload run through every replica of a cluster at once, with its expected end state: node 1 sets it up, then
 * every node's clients run at the same time, each on its own connection to its node's replica, while an auditor
 * reads the replica's invariant; at the end every replica reports its state and the scenario judges it.
 * {@link LocalCluster} runs it on replica processes, the tests also on replicas in one JVM.
 *
 * <h2>Determinism</h2>
 * A scenario is derived from its plan alone, and {@link #args} carries the plan to the node processes: the same
 * arguments make an equal scenario in every process. What each client does is fixed by the plan; only the
 * interleaving of the clients (and, with transactions, which attempts conflict) is left to the cluster.
 *
 * <h2>Thread safety</h2>
 * Immutable: {@link #client} runs on several threads at once, each with its own connection and {@link Tally}.
 */
public interface Scenario {

    /** A short name, e.g. {@code bank}: it names the run's cluster and data directory. */
    String name();

    /** What one operation of a client is, in the plural, e.g. {@code transfers}. */
    String unit();

    /** One sentence on what the clients do, for the demo's first line. */
    String describe();

    /** Replicas in the cluster. */
    int nodes();

    /** Clients on each node. */
    int clientsPerNode();

    /** The operations every client makes, so {@code nodes() * clientsPerNode()} times that in all. */
    int operationsPerClient();

    /**
     * The plan as {@code key=value} arguments; the scenario's {@code main} (a node process, see {@link ScenarioNode})
     * makes the same scenario from them.
     */
    List<String> args();

    /** Creates the schema and the initial data, through node 1, before any client connects. */
    void setup(Connection conn) throws SQLException;

    /**
     * Runs one client's operations to the end on its own connection (autocommit on), recording each operation, the
     * commands it caused and the scenario's counters in {@code tally}.
     *
     * @param node          the client's node, from 1
     * @param client        the client's number on its node, from 1
     * @param deadlineNanos the {@link System#nanoTime()} by which it must be done
     * @throws TimeoutException past the deadline
     */
    void client(int node, int client, Connection conn, Tally tally, long deadlineNanos)
            throws SQLException, TimeoutException;

    /**
     * Reads the scenario's invariant on a replica while the clients run: null when it holds, else what is wrong.
     * Read it with one statement, on a read-only connection in autocommit mode: one statement reads one snapshot of
     * the replica, a prefix of the total order. Two caveats of H2 2.5 (through abcast too): a {@code REPEATABLE_READ}
     * or {@code SERIALIZABLE} transaction of several statements takes each table's snapshot when it first reads that
     * table, so its statements can see different prefixes (e.g. half of one atomic batch); and a table read only in
     * a subquery of a derived table ({@code FROM (SELECT ...)}) is read as it is then, not as of the statement's
     * snapshot. So: one statement, correlated subqueries in the select list, totals summed in Java.
     */
    String audit(Connection conn) throws SQLException;

    /** What the replica holds at the end (e.g. the total of the balances), read once it applied every command. */
    Map<String, Long> facts(Connection conn) throws SQLException;

    /** The checks of the end state beyond those every scenario gets (see {@link Checks#common}). */
    List<Checks.Check> check(List<NodeResult> nodes, List<ReplicaResult> replicas);
}
