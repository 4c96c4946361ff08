package io.abcast.examples.bank;

import io.abcast.examples.cluster.Checks;
import io.abcast.examples.cluster.Fields;
import io.abcast.examples.cluster.NodeResult;
import io.abcast.examples.cluster.ReplicaResult;
import io.abcast.examples.cluster.Verdicts;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;

/** The bank's verdict passes a good run and catches each kind of difference or broken invariant. */
class BankChecksTest {

    private final BankPlan plan = new BankPlan(3, 2, 10, 5, 100);
    private final BankScenario scenario = new BankScenario(plan);
    private static final long SETUP = 3;

    /** Node k's clients: 20 transfers, 18 committed moving 900, 2 declined; 25 commands with the retries. */
    private static NodeResult node(int k) {
        return new NodeResult("n" + k, 2, 20, 25, 40, 0, 1_000_000, 1, 2, 3,
                Map.of("committed", 18L, "declined", 2L, "retried", 7L, "moved", 900L));
    }

    private ReplicaResult replica(int k) {
        Map<String, Long> facts = new LinkedHashMap<>();
        facts.put("accounts", 5L);
        facts.put("total", 500L);
        facts.put("min", 12L);
        facts.put("unbalanced", 0L);
        facts.put("transfers", 54L);
        facts.put("moved", 2700L);
        return new ReplicaResult("n" + k, SETUP + 75, "h", "d", "r", facts);
    }

    private static ReplicaResult withFact(ReplicaResult r, String name, long value) {
        Map<String, Long> facts = new LinkedHashMap<>(r.facts());
        facts.put(name, value);
        return new ReplicaResult(r.node(), r.position(), r.hash(), r.digest(), r.rows(), facts);
    }

    private List<String> failedWithReplica2(UnaryOperator<ReplicaResult> change) {
        List<ReplicaResult> replicas = new ArrayList<>();
        for (int k = 1; k <= 3; k++) {
            replicas.add(k == 2 ? change.apply(replica(k)) : replica(k));
        }
        return Verdicts.failed(Checks.verdict(scenario, SETUP, List.of(node(1), node(2), node(3)), replicas));
    }

    @Test
    void aGoodRunPasses() {
        assertThat(failedWithReplica2(r -> r)).isEmpty();
    }

    @Test
    void moneyMadeOrLostFails() {
        assertThat(failedWithReplica2(r -> withFact(r, "total", 499)))
                .singleElement().asString().startsWith("no money made or lost");
    }

    @Test
    void aNegativeBalanceFails() {
        assertThat(failedWithReplica2(r -> withFact(r, "min", -1)))
                .singleElement().asString().startsWith("no negative balance");
    }

    @Test
    void aBalanceTheLogDoesNotExplainFails() {
        assertThat(failedWithReplica2(r -> withFact(r, "unbalanced", 2)))
                .singleElement().asString().startsWith("every balance is its opening balance");
    }

    @Test
    void aTransferMissingFromTheLogFails() {
        assertThat(failedWithReplica2(r -> withFact(r, "transfers", 53)))
                .singleElement().asString().startsWith("the transfer log holds exactly the 54 committed transfers");
    }

    @Test
    void aDifferentDigestOrRowsFail() {
        assertThat(failedWithReplica2(r -> new ReplicaResult(r.node(), r.position(), r.hash(), "other", r.rows(),
                r.facts()))).singleElement().asString().contains("digest");
        assertThat(failedWithReplica2(r -> new ReplicaResult(r.node(), r.position(), r.hash(), r.digest(), "other",
                r.facts()))).singleElement().asString().startsWith("same rows");
    }

    @Test
    void aReplicaBehindFails() {
        assertThat(failedWithReplica2(r -> new ReplicaResult(r.node(), r.position() - 1, r.hash(), r.digest(),
                r.rows(), r.facts())))
                .anyMatch(name -> name.startsWith("every replica applied exactly the 78 commands"))
                .anyMatch(name -> name.startsWith("same position"));
    }

    @Test
    void aMissingReplicaFails() {
        List<String> failed = Verdicts.failed(Checks.verdict(scenario, SETUP, List.of(node(1), node(2), node(3)),
                List.of(replica(1), replica(3))));
        assertThat(failed).singleElement().asString().startsWith("all 3 replicas reported");
    }

    @Test
    void aViolationSeenByAnAuditorOrNoAuditFails() {
        NodeResult saw = new NodeResult("n2", 2, 20, 25, 40, 1, 1_000_000, 1, 2, 3, node(2).counters());
        NodeResult blind = new NodeResult("n3", 2, 20, 25, 0, 0, 1_000_000, 1, 2, 3, node(3).counters());
        Checks.Verdict verdict = Checks.verdict(scenario, SETUP, List.of(node(1), saw, blind),
                List.of(replica(1), replica(2), replica(3)));
        assertThat(Verdicts.failed(verdict)).singleElement().asString().startsWith("the invariant held");
        assertThat(verdict.checks()).filteredOn(c -> !c.ok()).singleElement()
                .satisfies(c -> assertThat(c.detail()).contains("n2 saw it broken in 1 of 40", "n3 audited nothing"));
    }

    @Test
    void transfersNotAllDoneFail() {
        NodeResult shortOne = new NodeResult("n1", 2, 19, 25, 40, 0, 1_000_000, 1, 2, 3, node(1).counters());
        assertThat(Verdicts.failed(Checks.verdict(scenario, SETUP, List.of(shortOne, node(2), node(3)),
                List.of(replica(1), replica(2), replica(3))))).singleElement().asString()
                .startsWith("the clients did all 60 transfers");
    }

    @Test
    void thePlanIsTheSameInEveryProcess() {
        BankPlan parsed = BankPlan.parse(Fields.of(plan.args()));
        assertThat(parsed).isEqualTo(plan);
        assertThat(parsed.transfersOf(2, 1)).isEqualTo(plan.transfersOf(2, 1)).hasSize(10)
                .isNotEqualTo(plan.transfersOf(2, 2))
                .allSatisfy(t -> {
                    assertThat(t.from()).isBetween(1, 5).isNotEqualTo(t.to());
                    assertThat(t.to()).isBetween(1, 5);
                    assertThat(t.amount()).isBetween(1L, (long) BankPlan.MAX_AMOUNT);
                });
    }
}
