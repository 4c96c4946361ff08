package io.abcast.examples.inventory;

import io.abcast.examples.cluster.Checks;
import io.abcast.examples.cluster.Fields;
import io.abcast.examples.cluster.NodeResult;
import io.abcast.examples.cluster.ReplicaResult;
import io.abcast.examples.cluster.Verdicts;
import io.abcast.examples.inventory.InventoryPlan.Step;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The inventory's verdict passes a good run and catches overselling and rows that do not match the clients. */
class InventoryChecksTest {

    private final InventoryPlan plan = new InventoryPlan(3, 2, 20, 4, 10);
    private final InventoryScenario scenario = new InventoryScenario(plan);
    private static final long SETUP = 6;

    /** Node k's clients: 40 orders, 30 accepted selling 80 units; 4 restocks of 80 units; 84 commands. */
    private static NodeResult node(int k) {
        Map<String, Long> counters = new LinkedHashMap<>();
        counters.put("accepted", 30L);
        counters.put("rejected", 10L);
        counters.put("sold", 80L);
        counters.put("restocks", 4L);
        counters.put("restocked", 80L);
        return new NodeResult("n" + k, 2, 40, 84, 40, 0, 1_000_000, 1, 2, 3, counters);
    }

    /** What a replica must hold after the three nodes above: 40 + 240 - 240 = 40 units. */
    private static Map<String, Long> goodFacts() {
        Map<String, Long> facts = new LinkedHashMap<>();
        facts.put("products", 4L);
        facts.put("stock", 40L);
        facts.put("min", 3L);
        facts.put("unbalanced", 0L);
        facts.put("orders", 120L);
        facts.put("accepted", 90L);
        facts.put("sold", 240L);
        facts.put("restocks", 12L);
        facts.put("restocked", 240L);
        return facts;
    }

    private List<String> failedWithReplica2Fact(String name, long value) {
        List<ReplicaResult> replicas = new ArrayList<>();
        for (int k = 1; k <= 3; k++) {
            Map<String, Long> facts = goodFacts();
            if (k == 2 && name != null) {
                facts.put(name, value);
            }
            replicas.add(new ReplicaResult("n" + k, SETUP + 3 * 84, "h", "d", "r", facts));
        }
        return Verdicts.failed(Checks.verdict(scenario, SETUP, List.of(node(1), node(2), node(3)), replicas));
    }

    @Test
    void aGoodRunPasses() {
        assertThat(failedWithReplica2Fact(null, 0)).isEmpty();
    }

    @Test
    void overSellingFails() {
        assertThat(failedWithReplica2Fact("min", -2)).singleElement().asString().startsWith("no stock below zero");
    }

    @Test
    void stockTheRowsDoNotExplainFails() {
        assertThat(failedWithReplica2Fact("unbalanced", 1)).singleElement().asString()
                .startsWith("every product's stock is its initial stock");
        assertThat(failedWithReplica2Fact("stock", 41)).singleElement().asString()
                .isEqualTo("initial 40 + restocked 240 - sold 240 = 40 units in stock of 4 products on every replica");
    }

    @Test
    void orderRowsThatAreNotTheClientsFail() {
        assertThat(failedWithReplica2Fact("orders", 119)).singleElement().asString()
                .startsWith("the order rows are the clients' 120 orders, 90 accepted selling 240 units");
        assertThat(failedWithReplica2Fact("accepted", 91)).singleElement().asString().startsWith("the order rows");
        assertThat(failedWithReplica2Fact("sold", 239)).singleElement().asString().startsWith("the order rows");
    }

    @Test
    void restockRowsThatAreNotTheClientsFail() {
        assertThat(failedWithReplica2Fact("restocks", 13)).singleElement().asString()
                .startsWith("the restock rows are the clients' 12 restocks of 240 units");
    }

    @Test
    void thePlanIsTheSameInEveryProcess() {
        InventoryPlan parsed = InventoryPlan.parse(Fields.of(plan.args()));
        assertThat(parsed).isEqualTo(plan);
        List<Step> steps = parsed.stepsOf(3, 2);
        assertThat(steps).isEqualTo(plan.stepsOf(3, 2)).isNotEqualTo(plan.stepsOf(3, 1))
                .hasSize(20 + 20 / InventoryPlan.RESTOCK_EVERY)
                .allSatisfy(s -> assertThat(s.product()).isBetween(1, 4));
        assertThat(steps.stream().filter(Step::restock)).hasSize(2)
                .allSatisfy(s -> assertThat(s.qty()).isEqualTo(InventoryPlan.RESTOCK_QTY));
        assertThat(steps.stream().filter(s -> !s.restock()))
                .allSatisfy(s -> assertThat(s.qty()).isBetween(1, InventoryPlan.MAX_QTY));
        long demand = 0;
        for (int node = 1; node <= 3; node++) {
            for (int client = 1; client <= 2; client++) {
                demand += plan.stepsOf(node, client).stream().filter(s -> !s.restock()).mapToInt(Step::qty).sum();
            }
        }
        assertThat(plan.demand()).isEqualTo(demand).isBetween(120L, 600L);
    }
}
