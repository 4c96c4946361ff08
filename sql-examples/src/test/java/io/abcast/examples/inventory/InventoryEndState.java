package io.abcast.examples.inventory;

import io.abcast.examples.inventory.InventoryPlan.Step;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The inventory's expected end state, checked on a replica's rows ({@code TableRows.all}) in Java, apart from the
 * scenario's own SQL: the order and restock rows are exactly the plan's (each once, with its product and quantity),
 * no stock is below zero, and every product's stock is its initial stock plus its restocks minus its accepted
 * orders.
 */
final class InventoryEndState {

    private InventoryEndState() {
    }

    /** Checks the rows; returns the units sold (accepted orders). */
    static long assertHolds(InventoryPlan plan, Map<String, List<List<Object>>> rows) {
        List<List<Object>> expectedOrders = new ArrayList<>();
        List<List<Object>> expectedRestocks = new ArrayList<>();
        for (int node = 1; node <= plan.nodes(); node++) {
            for (int client = 1; client <= plan.clients(); client++) {
                int orders = 0;
                int restocks = 0;
                for (Step s : plan.stepsOf(node, client)) {
                    if (s.restock()) {
                        expectedRestocks.add(List.of("n" + node, client, ++restocks, s.product(), s.qty()));
                    } else {
                        expectedOrders.add(List.of("n" + node, client, ++orders, s.product(), s.qty()));
                    }
                }
            }
        }
        List<List<Object>> orders = new ArrayList<>(); // NODE, CLIENT, SEQ, PRODUCT_ID, QTY (STATUS apart)
        Map<Integer, Long> sold = new HashMap<>();
        for (List<Object> o : rows.get("ORDERS")) {
            orders.add(o.subList(0, 5));
            assertThat(o.get(5)).isIn("ACCEPTED", "REJECTED");
            if (o.get(5).equals("ACCEPTED")) {
                sold.merge((Integer) o.get(3), (long) (Integer) o.get(4), Long::sum);
            }
        }
        assertThat(orders).as("the order rows: every planned order, once").containsExactlyInAnyOrderElementsOf(
                expectedOrders);
        assertThat(rows.get("RESTOCK")).as("the restock rows: every planned restock, once")
                .containsExactlyInAnyOrderElementsOf(expectedRestocks);

        Map<Integer, Long> restocked = new HashMap<>();
        expectedRestocks.forEach(r -> restocked.merge((Integer) r.get(3), (long) (Integer) r.get(4), Long::sum));
        List<List<Object>> stock = rows.get("STOCK"); // ID, QTY
        assertThat(stock).as("products").hasSize(plan.products());
        for (List<Object> s : stock) {
            int id = (Integer) s.get(0);
            long qty = (Integer) s.get(1);
            assertThat(qty).as("stock of product %d", id).isNotNegative()
                    .isEqualTo(plan.stock() + restocked.getOrDefault(id, 0L) - sold.getOrDefault(id, 0L));
        }
        return sold.values().stream().mapToLong(Long::longValue).sum();
    }
}
