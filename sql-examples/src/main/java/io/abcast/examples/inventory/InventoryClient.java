package io.abcast.examples.inventory;

import io.abcast.examples.cluster.Tally;
import io.abcast.examples.inventory.InventoryPlan.Step;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.concurrent.TimeoutException;

/**
 * One inventory client: its plan's steps, one after the other, on its own connection in autocommit mode. An order
 * reserves its units with one conditional UPDATE, which every replica applies at the same place in the total order,
 * so it takes the units only if they are still there when it is ordered; the order is then recorded as accepted
 * (one row updated) or rejected (none). A restock adds units and records itself in one batch: one command, applied
 * entirely or not at all.
 *
 * <p>Counters: {@code accepted} and {@code rejected} orders, units {@code sold}, {@code restocks} and units
 * {@code restocked}. Not thread safe: one per client thread.
 */
final class InventoryClient {

    static final String RESERVE = "UPDATE STOCK SET QTY = QTY - ? WHERE ID = ? AND QTY >= ?";
    static final String RECORD = "INSERT INTO ORDERS(NODE, CLIENT, SEQ, PRODUCT_ID, QTY, STATUS) VALUES (?, ?, ?, ?, ?, ?)";

    private final InventoryPlan plan;
    private final int node;
    private final int client;
    private final Connection conn;
    private final Tally tally;

    InventoryClient(InventoryPlan plan, int node, int client, Connection conn, Tally tally) {
        this.plan = plan;
        this.node = node;
        this.client = client;
        this.conn = conn;
        this.tally = tally;
    }

    void run(long deadlineNanos) throws SQLException, TimeoutException {
        for (String counter : new String[] {"accepted", "rejected", "sold", "restocks", "restocked"}) {
            tally.add(counter, 0);
        }
        int orders = 0;
        int restocks = 0;
        try (PreparedStatement reserve = conn.prepareStatement(RESERVE);
             PreparedStatement record = conn.prepareStatement(RECORD);
             Statement batch = conn.createStatement()) {
            for (Step step : plan.stepsOf(node, client)) {
                Tally.checkTime(deadlineNanos, orders + " orders");
                if (step.restock()) {
                    restock(batch, ++restocks, step);
                } else {
                    long start = System.nanoTime();
                    order(reserve, record, ++orders, step);
                    tally.operation(System.nanoTime() - start);
                }
            }
        }
    }

    private void order(PreparedStatement reserve, PreparedStatement record, int seq, Step step) throws SQLException {
        reserve.setInt(1, step.qty());
        reserve.setInt(2, step.product());
        reserve.setInt(3, step.qty());
        int reserved = reserve.executeUpdate();
        tally.wrote();
        if (reserved > 1) {
            throw new SQLException("reserving product " + step.product() + " updated " + reserved + " rows");
        }
        record.setString(1, "n" + node);
        record.setInt(2, client);
        record.setInt(3, seq);
        record.setInt(4, step.product());
        record.setInt(5, step.qty());
        record.setString(6, reserved == 1 ? "ACCEPTED" : "REJECTED");
        record.executeUpdate();
        tally.wrote();
        if (reserved == 1) {
            tally.add("accepted", 1);
            tally.add("sold", step.qty());
        } else {
            tally.add("rejected", 1);
        }
    }

    /** The stock and its record in one batch (numbers only, so literals are safe here). */
    private void restock(Statement batch, int seq, Step step) throws SQLException {
        batch.addBatch("UPDATE STOCK SET QTY = QTY + " + step.qty() + " WHERE ID = " + step.product());
        batch.addBatch("INSERT INTO RESTOCK(NODE, CLIENT, SEQ, PRODUCT_ID, QTY) VALUES ('n" + node + "', " + client
                + ", " + seq + ", " + step.product() + ", " + step.qty() + ")");
        int[] counts = batch.executeBatch();
        tally.wrote();
        if (counts.length != 2 || counts[0] != 1 || counts[1] != 1) {
            throw new SQLException("restocking product " + step.product() + " gave update counts "
                    + Arrays.toString(counts));
        }
        tally.add("restocks", 1);
        tally.add("restocked", step.qty());
    }
}
