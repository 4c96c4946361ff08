package io.abcast.it;

import io.abcast.it.harness.Checker;
import io.abcast.it.harness.Cluster;
import io.abcast.it.harness.Cluster.Spec;
import io.abcast.it.harness.Member;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

import java.time.Duration;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * kill -9 of a member while the workload runs, then its restart from its files: the sequencer (a standalone node),
 * and an application node (its in-flight writes die with it). The survivors go on; the restarted member is
 * re-seeded and catches up; the checker finds one history.
 */
class KillRestartIT extends FaultScenario {

    @Test
    void killTheSequencerThenRestartIt(TestInfo info) throws Exception {
        try (Cluster cluster = Cluster.start(name(info), Spec.node("n1"), Spec.app("app1"), Spec.app("app2"))) {
            cluster.check(() -> {
                Member app1 = cluster.get("app1");
                Member app2 = cluster.get("app2");
                warmUp(cluster);
                Member sequencer = cluster.sequencer(app1);
                assertThat(sequencer.name()).as("the first member started is the sequencer").isEqualTo("n1");

                long killed = System.currentTimeMillis();
                cluster.kill(sequencer);
                for (Member app : List.of(app1, app2)) {
                    cluster.awaitStatus(app, "a primary view without n1, with a new sequencer",
                            s -> s.primary() && s.members().size() == 2 && !s.members().contains("n1"), STEP);
                }
                cluster.awaitMoreAcks(app1, 20, STEP);
                cluster.awaitMoreAcks(app2, 20, STEP);
                sleep(Math.max(0, killed + FAULT_MILLIS - System.currentTimeMillis()));
                long restarted = System.currentTimeMillis();
                cluster.restart(sequencer, STEP);

                finish(cluster, List.of(), List.of(new Checker.Progress(Set.of("app1", "app2"), killed, restarted)));
            });
        }
    }

    @Test
    void killAnApplicationNodeThenRestartIt(TestInfo info) throws Exception {
        try (Cluster cluster = Cluster.start(name(info), Spec.node("n1"), Spec.app("app1"), Spec.app("app2"))) {
            cluster.check(() -> {
                Member app1 = cluster.get("app1");
                Member app2 = cluster.get("app2");
                warmUp(cluster);

                long killed = System.currentTimeMillis();
                cluster.kill(app2);
                cluster.awaitStatus(app1, "a primary view without app2",
                        s -> s.primary() && s.members().size() == 2 && !s.members().contains("app2"), STEP);
                cluster.awaitMoreAcks(app1, 20, STEP);
                sleep(Math.max(0, killed + FAULT_MILLIS - System.currentTimeMillis()));
                long restarted = System.currentTimeMillis();
                cluster.restart(app2, STEP);
                cluster.awaitStatus(app2, "back in the primary view", s -> s.primary() && s.members().size() == 3,
                        Duration.ofSeconds(90));

                finish(cluster, List.of(), List.of(new Checker.Progress(Set.of("app1"), killed, restarted)));
            });
        }
    }
}
