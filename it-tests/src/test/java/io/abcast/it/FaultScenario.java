package io.abcast.it;

import io.abcast.it.harness.Checker;
import io.abcast.it.harness.Cluster;
import io.abcast.it.harness.Member;
import org.junit.jupiter.api.TestInfo;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/** What every fault test does around its fault: warm up, then heal, let every node write again, stop, check. */
abstract class FaultScenario {

    static final Duration VIEW = Duration.ofSeconds(90);
    static final Duration STEP = Duration.ofSeconds(60);
    /** How long a fault lasts: well beyond failure detection (FD_ALL3 4 s + VERIFY_SUSPECT2 1 s in the stack). */
    static final long FAULT_MILLIS = 12_000;

    static String name(TestInfo info) {
        return info.getTestClass().map(Class::getSimpleName).orElse("test") + "."
                + info.getTestMethod().map(java.lang.reflect.Method::getName).orElse("run");
    }

    /** Starts the workload and waits until every application node has had writes acknowledged. */
    static void warmUp(Cluster cluster) throws Exception {
        cluster.startWorkload();
        for (Member app : cluster.apps()) {
            cluster.awaitMoreAcks(app, 30, STEP);
        }
    }

    /**
     * After the fault is healed: every member back in one primary view, every application node (restarted ones too)
     * writing and acknowledged again, then the workload stopped, every member at the same position, and the checker.
     */
    static void finish(Cluster cluster, List<Checker.CutOff> cutOffs, List<Checker.Progress> progress)
            throws Exception {
        cluster.awaitFullView(VIEW);
        for (Member app : cluster.apps()) {
            app.control("start", Duration.ofSeconds(10)); // a restarted application starts its clients again
        }
        for (Member app : cluster.apps()) {
            cluster.awaitMoreAcks(app, 20, STEP);
        }
        Map<String, String> counts = cluster.stopWorkload();
        System.out.println("[" + cluster.test() + "] workload stopped: " + counts);
        cluster.awaitQuiet(STEP);
        Checker.check(cluster, cutOffs, progress);
    }

    static void sleep(long millis) throws InterruptedException {
        Thread.sleep(millis); // a fault lasts this long: the point is to let time pass, not to wait for a condition
    }
}
