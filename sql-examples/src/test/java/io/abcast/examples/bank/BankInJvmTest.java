package io.abcast.examples.bank;

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
 * The bank scenario on three replicas in this JVM (stack in-jvm, in-memory databases): few accounts, so transfers
 * conflict and are retried; every replica must end with the same state and rows, and the money all there.
 */
class BankInJvmTest {

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES) // a net only: every wait has its own deadline
    void transfersThroughEveryReplicaKeepTheMoneyAndLeaveEveryReplicaTheSame() throws Exception {
        BankPlan plan = new BankPlan(3, 2, 40, 5, 100);
        InJvmCluster.Result r = InJvmCluster.run(new BankScenario(plan), Duration.ofMinutes(2));

        Verdicts.assertAllHold(r.verdict());
        assertThat(r.replicas()).extracting(x -> List.of(x.position(), x.hash(), x.digest(), x.rows()))
                .as("position, running hash, digest and rows hash of every replica")
                .containsOnly(List.of(r.expectedPosition(), r.replicas().get(0).hash(), r.replicas().get(0).digest(),
                        r.replicas().get(0).rows()));
        assertThat(r.rows()).as("every table's rows on every replica").containsOnly(r.rows().get(0));
        long committed = Checks.sum(r.nodes(), n -> n.counter("committed"));
        assertThat(committed + Checks.sum(r.nodes(), n -> n.counter("declined")))
                .as("every transfer committed or declined").isEqualTo(3L * 2 * 40);
        for (NodeResult n : r.nodes()) {
            assertThat(n.audits()).as(n.node() + " audited its replica").isPositive();
        }
        BankEndState.assertHolds(plan, r.rows().get(0), committed);
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void moneyMadeOutsideATransferIsCaughtOnEveryReplica() throws Exception {
        BankPlan plan = new BankPlan(3, 1, 10, 5, 100);
        InJvmCluster.Result r = InJvmCluster.run(new ExtraWrite(new BankScenario(plan), 2,
                "UPDATE ACCOUNT SET BALANCE = BALANCE + 7 WHERE ID = 3"), Duration.ofMinutes(2));

        assertThat(Verdicts.failed(r.verdict())).as("failed checks").containsExactlyInAnyOrder(
                "the invariant held in every snapshot audited during the run (" + Checks.sum(r.nodes(),
                        NodeResult::audits) + " audits)",
                "no money made or lost: 5 accounts holding 500 in all on every replica",
                "every balance is its opening balance plus what the transfer log moved in, minus what it moved out");
        assertThat(r.replicas()).extracting(x -> x.fact("total")).containsOnly(plan.total() + 7);
        assertThat(r.rows()).as("the replicas still agree").containsOnly(r.rows().get(0));
    }
}
