package io.abcast.examples.inventory;

import io.abcast.examples.cluster.Checks;
import io.abcast.examples.cluster.ProcessRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The inventory demo's cluster for real, smaller: three replica JVMs on loopback, then every replica's database file
 * opened afresh and its rows compared with the others' and checked against the plan: nothing oversold, stock that
 * adds up, the planned orders and restocks each once.
 */
class InventoryMultiProcessTest {

    @Test
    @Timeout(value = 6, unit = TimeUnit.MINUTES) // a net only: every wait in LocalCluster has its own deadline
    void threeReplicaProcessesEndWithTheSameRowsAndNothingOversold() throws Exception {
        InventoryPlan plan = new InventoryPlan(3, 2, 40, 4, 10);
        ProcessRun.Result r = ProcessRun.runAndCheck(new InventoryScenario(plan));
        long sold = InventoryEndState.assertHolds(plan, r.rows().get(0));
        assertThat(sold).as("units sold, as the clients saw them")
                .isEqualTo(Checks.sum(r.run().nodes(), n -> n.counter("sold")));
    }
}
