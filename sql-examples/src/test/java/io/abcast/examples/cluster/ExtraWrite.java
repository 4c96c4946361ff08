package io.abcast.examples.cluster;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;

/**
 * A scenario with one write more than its plan: once client 1 of node {@code node} is done, it runs {@code sql}
 * (autocommit, so one replicated command). Tests use it to break an invariant for real, on every replica alike, and
 * see the checks catch it.
 */
public final class ExtraWrite implements Scenario {

    private final Scenario scenario;
    private final int node;
    private final String sql;

    public ExtraWrite(Scenario scenario, int node, String sql) {
        this.scenario = scenario;
        this.node = node;
        this.sql = sql;
    }

    @Override
    public void client(int node, int client, Connection conn, Tally tally, long deadlineNanos)
            throws SQLException, TimeoutException {
        scenario.client(node, client, conn, tally, deadlineNanos);
        if (node == this.node && client == 1) {
            try (Statement st = conn.createStatement()) {
                st.executeUpdate(sql);
            }
            tally.wrote();
        }
    }

    @Override
    public String name() {
        return scenario.name();
    }

    @Override
    public String unit() {
        return scenario.unit();
    }

    @Override
    public String describe() {
        return scenario.describe() + ", and " + sql;
    }

    @Override
    public int nodes() {
        return scenario.nodes();
    }

    @Override
    public int clientsPerNode() {
        return scenario.clientsPerNode();
    }

    @Override
    public int operationsPerClient() {
        return scenario.operationsPerClient();
    }

    @Override
    public List<String> args() {
        return scenario.args();
    }

    @Override
    public void setup(Connection conn) throws SQLException {
        scenario.setup(conn);
    }

    @Override
    public String audit(Connection conn) throws SQLException {
        return scenario.audit(conn);
    }

    @Override
    public Map<String, Long> facts(Connection conn) throws SQLException {
        return scenario.facts(conn);
    }

    @Override
    public List<Checks.Check> check(List<NodeResult> nodes, List<ReplicaResult> replicas) {
        return scenario.check(nodes, replicas);
    }
}
