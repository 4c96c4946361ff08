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
 * docker pause of the sequencer while the workload runs: its JVM is frozen but its TCP stack still completes
 * handshakes, so only heartbeats (FD_ALL3) tell it is gone. The others exclude it and go on with a new sequencer;
 * unpaused, it finds itself outside the view, merges back and catches up.
 */
class PauseIT extends FaultScenario {

    @Test
    void pauseTheSequencerThenUnpauseIt(TestInfo info) throws Exception {
        try (Cluster cluster = Cluster.start(name(info), Spec.node("n1"), Spec.app("app1"), Spec.app("app2"))) {
            cluster.check(() -> {
                Member app1 = cluster.get("app1");
                Member app2 = cluster.get("app2");
                warmUp(cluster);
                Member sequencer = cluster.sequencer(app1);
                assertThat(sequencer.name()).isEqualTo("n1");

                long paused = System.currentTimeMillis();
                cluster.pause(sequencer);
                for (Member app : List.of(app1, app2)) {
                    cluster.awaitStatus(app, "a primary view without the paused sequencer",
                            s -> s.primary() && s.members().size() == 2 && !s.members().contains("n1"), STEP);
                }
                cluster.awaitMoreAcks(app1, 20, STEP);
                sleep(Math.max(0, paused + FAULT_MILLIS - System.currentTimeMillis()));
                long unpaused = System.currentTimeMillis();
                cluster.unpause(sequencer);

                finish(cluster, List.of(), List.of(new Checker.Progress(Set.of("app1", "app2"), paused, unpaused)));
            });
        }
    }
}
