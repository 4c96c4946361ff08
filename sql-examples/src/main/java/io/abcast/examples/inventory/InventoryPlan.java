package io.abcast.examples.inventory;

import io.abcast.examples.cluster.Fields;
import io.abcast.examples.cluster.PlannedScenario;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The inventory workload, decided in advance from five numbers so that every process derives the same:
 * {@code nodes} replicas, each serving {@code clients} clients; each client places {@code orders} orders, one after
 * the other, for 1 to {@value #MAX_QTY} units of one of the {@code products} products, which all start with
 * {@code stock} units; after every {@value #RESTOCK_EVERY}th order it restocks one product with
 * {@value #RESTOCK_QTY} units. Products and quantities are drawn from a generator seeded by the node and the
 * client, so the total demand is known; on average it outgrows the restocks, so the stock runs out and orders
 * compete for the last units. Only the interleaving, and so which orders are accepted, is left to the cluster.
 *
 * <p>Immutable.
 */
public record InventoryPlan(int nodes, int clients, int orders, int products, int stock)
        implements PlannedScenario.Plan {

    /** The most units one order asks for. */
    public static final int MAX_QTY = 5;
    /** A client restocks after every this many orders. */
    public static final int RESTOCK_EVERY = 10;
    /** Units one restock adds. */
    public static final int RESTOCK_QTY = 20;

    /** One step of a client: an order for {@code qty} units of a product, or a restock of it. */
    public record Step(boolean restock, int product, int qty) {
    }

    public InventoryPlan {
        if (nodes < 1 || clients < 1 || orders < 1 || products < 1 || stock < 0) {
            throw new IllegalArgumentException("nodes, clients, orders and products must be at least 1, stock at "
                    + "least 0: nodes=" + nodes + ", clients=" + clients + ", orders=" + orders + ", products="
                    + products + ", stock=" + stock);
        }
    }

    /** The plan from its {@link #args}. */
    public static InventoryPlan parse(Fields f) {
        return new InventoryPlan((int) f.number("nodes"), (int) f.number("clients"), (int) f.number("orders"),
                (int) f.number("products"), (int) f.number("stock"));
    }

    /** The orders each client makes. */
    @Override
    public int operations() {
        return orders;
    }

    /** The plan as {@code key=value} arguments. */
    @Override
    public List<String> args() {
        return List.of("nodes=" + nodes, "clients=" + clients, "orders=" + orders, "products=" + products,
                "stock=" + stock);
    }

    /** The steps of client {@code client} of node {@code node}, in order: its orders, and a restock every so often. */
    public List<Step> stepsOf(int node, int client) {
        SplittableRandom random = new SplittableRandom(node * 1_000_003L + client);
        List<Step> steps = new ArrayList<>(orders + orders / RESTOCK_EVERY);
        for (int i = 1; i <= orders; i++) {
            steps.add(new Step(false, random.nextInt(1, products + 1), random.nextInt(1, MAX_QTY + 1)));
            if (i % RESTOCK_EVERY == 0) {
                steps.add(new Step(true, random.nextInt(1, products + 1), RESTOCK_QTY));
            }
        }
        return steps;
    }

    /** Orders placed in the whole run. */
    public long totalOrders() {
        return (long) nodes * clients * orders;
    }

    /** Units every order of the run asks for, together. */
    public long demand() {
        long units = 0;
        for (int node = 1; node <= nodes; node++) {
            for (int client = 1; client <= clients; client++) {
                units += stepsOf(node, client).stream().filter(s -> !s.restock()).mapToLong(Step::qty).sum();
            }
        }
        return units;
    }

    /** Units in stock at the start, every product together. */
    public long initialStock() {
        return (long) products * stock;
    }

    @Override
    public String toString() {
        return nodes + " nodes x " + clients + " clients x " + orders + " orders over " + products + " products of "
                + stock;
    }
}
