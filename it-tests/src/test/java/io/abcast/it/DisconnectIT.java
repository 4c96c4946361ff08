package io.abcast.it;

import io.abcast.it.harness.Checker;
import io.abcast.it.harness.Cluster;
import io.abcast.it.harness.Cluster.Spec;
import io.abcast.it.harness.Member;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

import java.util.List;
import java.util.Set;

/**
 * An application node taken off the network while it writes, then put back with the same address: alone, it is no
 * primary component and refuses writes (08004) while the other two go on; reconnected, it merges back, catches up
 * and writes again.
 */
class DisconnectIT extends FaultScenario {

    @Test
    void disconnectAnApplicationNodeThenReconnectIt(TestInfo info) throws Exception {
        try (Cluster cluster = Cluster.start(name(info), Spec.node("n1"), Spec.app("app1"), Spec.app("app2"))) {
            cluster.check(() -> {
                Member app1 = cluster.get("app1");
                Member app2 = cluster.get("app2");
                warmUp(cluster);

                long cut = System.currentTimeMillis();
                cluster.disconnect(app2);
                cluster.awaitStatus(app1, "a primary view without app2",
                        s -> s.primary() && s.members().size() == 2 && !s.members().contains("app2"), STEP);
                cluster.awaitMoreAcks(app1, 20, STEP);
                sleep(Math.max(0, cut + FAULT_MILLIS - System.currentTimeMillis()));
                long healed = System.currentTimeMillis();
                cluster.reconnect(app2);

                finish(cluster, List.of(new Checker.CutOff(Set.of("app2"), cut, healed)),
                        List.of(new Checker.Progress(Set.of("app1"), cut, healed)));
            });
        }
    }
}
