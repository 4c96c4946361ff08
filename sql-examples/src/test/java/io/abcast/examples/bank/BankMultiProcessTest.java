package io.abcast.examples.bank;

import io.abcast.examples.cluster.Checks;
import io.abcast.examples.cluster.ProcessRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.TimeUnit;

/**
 * The bank demo's cluster for real, smaller: three replica JVMs on loopback, then every replica's database file
 * opened afresh and its rows compared with the others' and checked against the bank's invariant.
 */
class BankMultiProcessTest {

    @Test
    @Timeout(value = 6, unit = TimeUnit.MINUTES) // a net only: every wait in LocalCluster has its own deadline
    void threeReplicaProcessesEndWithTheSameRowsAndAllTheMoney() throws Exception {
        BankPlan plan = new BankPlan(3, 2, 40, 6, 100);
        ProcessRun.Result r = ProcessRun.runAndCheck(new BankScenario(plan));
        BankEndState.assertHolds(plan, r.rows().get(0), Checks.sum(r.run().nodes(), n -> n.counter("committed")));
    }
}
