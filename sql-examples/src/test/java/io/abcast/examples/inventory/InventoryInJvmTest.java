package io.abcast.examples.inventory;

import io.abcast.examples.cluster.Checks;
import io.abcast.examples.cluster.ExtraWrite;
import io.abcast.examples.cluster.InJvmCluster;
import io.abcast.examples.cluster.NodeResult;
import io.abcast.examples.cluster.Verdicts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The inventory scenario on three replicas in this JVM (stack in-jvm, in-memory databases): the orders ask for more
 * than there ever is, so they compete for the last units; nothing may be oversold, and every replica must end with
 * the same state and rows.
 */
class InventoryInJvmTest {

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES) // a net only: every wait has its own deadline
    void ordersThroughEveryReplicaNeverOversellAndLeaveEveryReplicaTheSame() throws Exception {
        InventoryPlan plan = new InventoryPlan(3, 2, 60, 4, 10);
        long restocks = 3L * 2 * (60 / InventoryPlan.RESTOCK_EVERY);
        long supply = plan.initialStock() + restocks * InventoryPlan.RESTOCK_QTY;
        assertThat(plan.demand()).as("the plan asks for more than there ever is").isGreaterThan(supply);

        InJvmCluster.Result r = InJvmCluster.run(new InventoryScenario(plan), Duration.ofMinutes(2));

        Verdicts.assertAllHold(r.verdict());
        assertThat(r.replicas()).extracting(x -> List.of(x.position(), x.hash(), x.digest(), x.rows()))
                .as("position, running hash, digest and rows hash of every replica")
                .containsOnly(List.of(r.expectedPosition(), r.replicas().get(0).hash(), r.replicas().get(0).digest(),
                        r.replicas().get(0).rows()));
        assertThat(r.rows()).as("every table's rows on every replica").containsOnly(r.rows().get(0));
        for (NodeResult n : r.nodes()) {
            assertThat(n.audits()).as(n.node() + " audited its replica").isPositive();
        }
        long sold = InventoryEndState.assertHolds(plan, r.rows().get(0));
        assertThat(sold).as("units sold, as the clients saw them").isEqualTo(Checks.sum(r.nodes(),
                n -> n.counter("sold"))).isLessThanOrEqualTo(supply);
        assertThat(Checks.sum(r.nodes(), n -> n.counter("rejected"))).as("orders rejected for want of stock")
                .isPositive();
        assertThat(Checks.sum(r.nodes(), n -> n.counter("restocks"))).isEqualTo(restocks);
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void stockTakenWithoutAnOrderIsCaughtOnEveryReplica() throws Exception {
        InventoryPlan plan = new InventoryPlan(3, 1, 10, 3, 20);
        InJvmCluster.Result r = InJvmCluster.run(new ExtraWrite(new InventoryScenario(plan), 3,
                "UPDATE STOCK SET QTY = QTY - 1000 WHERE ID = 2"), Duration.ofMinutes(2));

        assertThat(Verdicts.failed(r.verdict())).as("failed checks")
                .anyMatch(name -> name.startsWith("the invariant held in every snapshot"))
                .anyMatch(name -> name.startsWith("no stock below zero"))
                .anyMatch(name -> name.startsWith("every product's stock is its initial stock"))
                .anyMatch(name -> name.contains("units in stock of 3 products on every replica"))
                .hasSize(4);
        assertThat(r.replicas()).extracting(x -> x.fact("min")).allSatisfy(min -> assertThat(min).isNegative());
        assertThat(r.rows()).as("the replicas still agree").containsOnly(r.rows().get(0));
    }
}
