package io.abcast.examples.bank;

import io.abcast.examples.cluster.Checks;
import io.abcast.examples.cluster.Checks.Check;
import io.abcast.examples.cluster.NodeResult;
import io.abcast.examples.cluster.PlannedScenario;
import io.abcast.examples.cluster.ReplicaResult;
import io.abcast.examples.cluster.Scenario;
import io.abcast.examples.cluster.ScenarioNode;
import io.abcast.examples.cluster.SqlScript;
import io.abcast.examples.cluster.Tally;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;

/**
 * The bank scenario: accounts with balances, and clients on every node moving money between them at once, each
 * transfer a transaction retried on conflict (see {@link BankClient}); {@code bank/schema.sql} holds the schema and
 * {@code bank/README.md} the expected end state. Its {@code main} is a node process of the demo
 * ({@link ScenarioNode}); {@link BankDemo} runs the demo.
 *
 * <p>The invariant, audited in snapshots during the run and checked at the end on every replica: the balances add
 * up to the money the accounts opened with, none is negative, and each is its opening balance plus what the
 * {@code TRANSFER} log moved in minus what it moved out. At the end, the log holds exactly the committed transfers.
 *
 * <p>Immutable.
 */
public final class BankScenario extends PlannedScenario<BankPlan> {

    /** The schema, on the class path. */
    public static final String SCHEMA = "/bank/schema.sql";

    /**
     * Every account's balance, with what the transfer log moved in and out of it: one statement, so one snapshot
     * (see {@link Scenario#audit}).
     */
    static final String BALANCES = "SELECT A.BALANCE,"
            + " COALESCE((SELECT SUM(T.AMOUNT) FROM TRANSFER T WHERE T.TO_ID = A.ID), 0),"
            + " COALESCE((SELECT SUM(T.AMOUNT) FROM TRANSFER T WHERE T.FROM_ID = A.ID), 0)"
            + " FROM ACCOUNT A";

    public BankScenario(BankPlan plan) {
        super("bank", "transfers", plan);
    }

    /** A node process of the bank demo (see {@link ScenarioNode}). */
    public static void main(String[] args) {
        ScenarioNode.main(args, f -> new BankScenario(BankPlan.parse(f)));
    }

    @Override
    public String describe() {
        return plan.nodes() * plan.clients() + " clients make " + plan.transfers() + " transfers each between "
                + plan.accounts() + " accounts (" + plan.total() + " in all), as transactions, through every replica "
                + "at once";
    }

    @Override
    public void setup(Connection conn) throws SQLException {
        SqlScript.run(conn, SCHEMA);
        try (PreparedStatement ps = conn.prepareStatement("INSERT INTO ACCOUNT(ID, OWNER, BALANCE) VALUES (?, ?, ?)")) {
            for (int id = 1; id <= plan.accounts(); id++) {
                ps.setInt(1, id);
                ps.setString(2, "owner" + id);
                ps.setLong(3, plan.balance());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    @Override
    public void client(int node, int client, Connection conn, Tally tally, long deadlineNanos)
            throws SQLException, TimeoutException {
        new BankClient(plan, node, client, conn, tally).run(deadlineNanos);
    }

    @Override
    public String audit(Connection conn) throws SQLException {
        Map<String, Long> f = balances(conn);
        if (f.get("accounts") != plan.accounts() || f.get("total") != plan.total() || f.get("min") < 0
                || f.get("unbalanced") != 0) {
            return "expected " + plan.accounts() + " accounts, total " + plan.total()
                    + ", none negative, none unbalanced: " + f;
        }
        return null;
    }

    @Override
    public Map<String, Long> facts(Connection conn) throws SQLException {
        Map<String, Long> facts = balances(conn);
        try (PreparedStatement ps = conn.prepareStatement("SELECT COUNT(*), COALESCE(SUM(AMOUNT), 0) FROM TRANSFER");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            facts.put("transfers", rs.getLong(1));
            facts.put("moved", rs.getLong(2));
        }
        return facts;
    }

    /**
     * From one snapshot: the accounts, the total and the lowest of their balances, and the accounts whose balance is
     * not their opening balance plus what the log moved in, minus what it moved out.
     */
    private Map<String, Long> balances(Connection conn) throws SQLException {
        long accounts = 0;
        long total = 0;
        long min = Long.MAX_VALUE;
        long unbalanced = 0;
        try (PreparedStatement ps = conn.prepareStatement(BALANCES); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                long balance = rs.getLong(1);
                accounts++;
                total += balance;
                min = Math.min(min, balance);
                if (balance != plan.balance() + rs.getLong(2) - rs.getLong(3)) {
                    unbalanced++;
                }
            }
        }
        Map<String, Long> facts = new LinkedHashMap<>();
        facts.put("accounts", accounts);
        facts.put("total", total);
        facts.put("min", accounts == 0 ? 0 : min);
        facts.put("unbalanced", unbalanced);
        return facts;
    }

    @Override
    public List<Check> check(List<NodeResult> nodes, List<ReplicaResult> replicas) {
        long committed = Checks.sum(nodes, n -> n.counter("committed"));
        long moved = Checks.sum(nodes, n -> n.counter("moved"));
        return List.of(
                Checks.each("no money made or lost: " + plan.accounts() + " accounts holding " + plan.total()
                        + " in all on every replica", replicas, r -> r.fact("accounts") == plan.accounts()
                        && r.fact("total") == plan.total() ? null
                        : r.node() + " has " + r.fact("accounts") + " accounts holding " + r.fact("total")),
                Checks.each("no negative balance on any replica", replicas,
                        r -> r.fact("min") >= 0 ? null : r.node() + " has a balance of " + r.fact("min")),
                Checks.each("every balance is its opening balance plus what the transfer log moved in, minus what it "
                        + "moved out", replicas, r -> r.fact("unbalanced") == 0 ? null
                        : r.node() + " has " + r.fact("unbalanced") + " accounts that do not add up"),
                Checks.each("the transfer log holds exactly the " + committed + " committed transfers (" + moved
                        + " moved) on every replica", replicas, r -> r.fact("transfers") == committed
                        && r.fact("moved") == moved ? null
                        : r.node() + " logs " + r.fact("transfers") + " transfers moving " + r.fact("moved")));
    }
}
