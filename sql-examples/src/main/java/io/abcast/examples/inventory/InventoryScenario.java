package io.abcast.examples.inventory;

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
 * The inventory scenario: products with stock, and clients on every node ordering and restocking at once, in
 * autocommit mode (see {@link InventoryClient}); {@code inventory/schema.sql} holds the schema and
 * {@code inventory/README.md} the expected end state. Its {@code main} is a node process of the demo
 * ({@link ScenarioNode}); {@link InventoryDemo} runs the demo.
 *
 * <p>The invariant, audited in snapshots during the run and checked at the end on every replica: no stock below
 * zero, and every product's stock is its initial stock plus what {@code RESTOCK} added minus what the accepted
 * {@code ORDERS} took (during the run, less at most the orders in flight: reserved, not yet recorded). At the end
 * the order and restock rows are exactly those the clients placed.
 *
 * <p>Immutable.
 */
public final class InventoryScenario extends PlannedScenario<InventoryPlan> {

    /** The schema, on the class path. */
    public static final String SCHEMA = "/inventory/schema.sql";

    /**
     * Every product's stock, initial stock, units restocked and units sold (accepted orders): one statement, so one
     * snapshot (see {@link Scenario#audit}).
     */
    static final String PRODUCTS = "SELECT S.QTY, P.INITIAL_QTY,"
            + " COALESCE((SELECT SUM(R.QTY) FROM RESTOCK R WHERE R.PRODUCT_ID = P.ID), 0),"
            + " COALESCE((SELECT SUM(O.QTY) FROM ORDERS O WHERE O.PRODUCT_ID = P.ID AND O.STATUS = 'ACCEPTED'), 0)"
            + " FROM PRODUCT P JOIN STOCK S ON S.ID = P.ID";

    public InventoryScenario(InventoryPlan plan) {
        super("inventory", "orders", plan);
    }

    /** A node process of the inventory demo (see {@link ScenarioNode}). */
    public static void main(String[] args) {
        ScenarioNode.main(args, f -> new InventoryScenario(InventoryPlan.parse(f)));
    }

    @Override
    public String describe() {
        return plan.nodes() * plan.clients() + " clients place " + plan.orders() + " orders each (" + plan.demand()
                + " units in all) for " + plan.products() + " products of " + plan.stock() + " units, and restock "
                + "every " + InventoryPlan.RESTOCK_EVERY + " orders, through every replica at once";
    }

    @Override
    public void setup(Connection conn) throws SQLException {
        SqlScript.run(conn, SCHEMA);
        try (PreparedStatement product = conn.prepareStatement(
                "INSERT INTO PRODUCT(ID, NAME, INITIAL_QTY) VALUES (?, ?, ?)");
             PreparedStatement stock = conn.prepareStatement("INSERT INTO STOCK(ID, QTY) VALUES (?, ?)")) {
            for (int id = 1; id <= plan.products(); id++) {
                product.setInt(1, id);
                product.setString(2, "product" + id);
                product.setInt(3, plan.stock());
                product.addBatch();
                stock.setInt(1, id);
                stock.setInt(2, plan.stock());
                stock.addBatch();
            }
            product.executeBatch();
            stock.executeBatch();
        }
    }

    @Override
    public void client(int node, int client, Connection conn, Tally tally, long deadlineNanos)
            throws SQLException, TimeoutException {
        new InventoryClient(plan, node, client, conn, tally).run(deadlineNanos);
    }

    @Override
    public String audit(Connection conn) throws SQLException {
        long inFlight = (long) plan.nodes() * plan.clients() * InventoryPlan.MAX_QTY;
        Map<String, Long> f = stock(conn);
        if (f.get("products") != plan.products() || f.get("min") < 0 || f.get("minGap") < 0
                || f.get("maxGap") > inFlight) {
            return "expected " + plan.products() + " products, none below 0, each short of its rows by 0 to "
                    + inFlight + " units in flight: " + f;
        }
        return null;
    }

    @Override
    public Map<String, Long> facts(Connection conn) throws SQLException {
        Map<String, Long> facts = stock(conn);
        facts.remove("minGap");
        facts.remove("maxGap");
        query(conn, "SELECT COUNT(*), COUNT(CASE WHEN STATUS = 'ACCEPTED' THEN 1 END), "
                + "COALESCE(SUM(CASE WHEN STATUS = 'ACCEPTED' THEN QTY END), 0) FROM ORDERS", facts,
                "orders", "accepted", "sold");
        query(conn, "SELECT COUNT(*), COALESCE(SUM(QTY), 0) FROM RESTOCK", facts, "restocks", "restocked");
        return facts;
    }

    /**
     * From one snapshot: the products, their total and lowest stock, and each product's gap: what its rows say it
     * should hold (initial + restocked - sold) minus what it holds. The gap is 0 at rest; during the run, the units
     * of orders that reserved but are not recorded yet. Gives the products whose gap is not 0, the lowest and the
     * highest gap.
     */
    private static Map<String, Long> stock(Connection conn) throws SQLException {
        long products = 0;
        long stock = 0;
        long min = Long.MAX_VALUE;
        long unbalanced = 0;
        long minGap = Long.MAX_VALUE;
        long maxGap = Long.MIN_VALUE;
        try (PreparedStatement ps = conn.prepareStatement(PRODUCTS); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                long qty = rs.getLong(1);
                long gap = rs.getLong(2) + rs.getLong(3) - rs.getLong(4) - qty;
                products++;
                stock += qty;
                min = Math.min(min, qty);
                unbalanced += gap == 0 ? 0 : 1;
                minGap = Math.min(minGap, gap);
                maxGap = Math.max(maxGap, gap);
            }
        }
        Map<String, Long> facts = new LinkedHashMap<>();
        facts.put("products", products);
        facts.put("stock", stock);
        facts.put("min", products == 0 ? 0 : min);
        facts.put("unbalanced", unbalanced);
        facts.put("minGap", products == 0 ? 0 : minGap);
        facts.put("maxGap", products == 0 ? 0 : maxGap);
        return facts;
    }

    private static void query(Connection conn, String sql, Map<String, Long> facts, String... names)
            throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            rs.next();
            for (int i = 0; i < names.length; i++) {
                facts.put(names[i], rs.getLong(i + 1));
            }
        }
    }

    @Override
    public List<Check> check(List<NodeResult> nodes, List<ReplicaResult> replicas) {
        long accepted = Checks.sum(nodes, n -> n.counter("accepted"));
        long sold = Checks.sum(nodes, n -> n.counter("sold"));
        long restocks = Checks.sum(nodes, n -> n.counter("restocks"));
        long restocked = Checks.sum(nodes, n -> n.counter("restocked"));
        long stock = plan.initialStock() + restocked - sold;
        return List.of(
                Checks.each("no stock below zero on any replica: nothing oversold", replicas,
                        r -> r.fact("min") >= 0 ? null : r.node() + " has a stock of " + r.fact("min")),
                Checks.each("every product's stock is its initial stock plus its restocks minus its accepted orders",
                        replicas, r -> r.fact("unbalanced") == 0 ? null
                        : r.node() + " has " + r.fact("unbalanced") + " products that do not add up"),
                Checks.each("initial " + plan.initialStock() + " + restocked " + restocked + " - sold " + sold
                        + " = " + stock + " units in stock of " + plan.products() + " products on every replica",
                        replicas, r -> r.fact("products") == plan.products() && r.fact("stock") == stock ? null
                        : r.node() + " has " + r.fact("stock") + " units of " + r.fact("products") + " products"),
                Checks.each("the order rows are the clients' " + plan.totalOrders() + " orders, " + accepted
                        + " accepted selling " + sold + " units, on every replica", replicas,
                        r -> r.fact("orders") == plan.totalOrders() && r.fact("accepted") == accepted
                        && r.fact("sold") == sold ? null : r.node() + " has " + r.fact("orders") + " orders, "
                        + r.fact("accepted") + " accepted selling " + r.fact("sold")),
                Checks.each("the restock rows are the clients' " + restocks + " restocks of " + restocked
                        + " units, on every replica", replicas, r -> r.fact("restocks") == restocks
                        && r.fact("restocked") == restocked ? null
                        : r.node() + " has " + r.fact("restocks") + " restocks of " + r.fact("restocked")));
    }
}
