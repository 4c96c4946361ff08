package io.abcast.it;

import io.abcast.it.harness.Checker;
import io.abcast.it.harness.Cluster;
import io.abcast.it.harness.Cluster.Spec;
import io.abcast.it.harness.Member;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Five members cut into a minority of two (the sequencer and an application node) and a majority of three (an
 * application node and two standalone nodes). Each side forms a view of its own; only the majority's is primary and
 * accepts writes, under a new sequencer; the minority refuses them (08004). Healed, the two views merge into one
 * history: the majority's.
 */
class PartitionIT extends FaultScenario {

    @Test
    void partitionIntoMinorityWithTheSequencerAndMajorityThenHeal(TestInfo info) throws Exception {
        try (Cluster cluster = Cluster.start(name(info), Spec.node("n1"), Spec.app("app1"), Spec.app("app2"),
                Spec.node("n4"), Spec.node("n5"))) {
            cluster.check(() -> {
                Member n1 = cluster.get("n1");
                Member app1 = cluster.get("app1");
                Member app2 = cluster.get("app2");
                warmUp(cluster);
                assertThat(cluster.sequencer(app1).name()).isEqualTo("n1");

                long cut = System.currentTimeMillis();
                cluster.partition(Set.of(n1, app2));
                for (Member m : List.of(n1, app2)) {
                    cluster.awaitStatus(m, "the minority's own view, not primary",
                            s -> !s.primary() && Set.copyOf(s.members()).equals(Set.of("n1", "app2")), STEP);
                }
                for (String m : List.of("app1", "n4", "n5")) {
                    cluster.awaitStatus(cluster.get(m), "the majority's primary view, with a new sequencer",
                            s -> s.primary() && Set.copyOf(s.members()).equals(Set.of("app1", "n4", "n5")), STEP);
                }
                cluster.awaitMoreAcks(app1, 20, STEP);
                sleep(Math.max(0, cut + FAULT_MILLIS - System.currentTimeMillis()));
                long healed = System.currentTimeMillis();
                cluster.heal();

                finish(cluster, List.of(new Checker.CutOff(Set.of("app2"), cut, healed)),
                        List.of(new Checker.Progress(Set.of("app1"), cut, healed)));
            });
        }
    }
}
