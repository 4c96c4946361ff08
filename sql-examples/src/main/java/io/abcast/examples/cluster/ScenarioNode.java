package io.abcast.examples.cluster;

import io.abcast.jdbc.ReplicatedConnection;
import io.abcast.jdbc.internal.Replicas;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * One replica process of a scenario run by {@link LocalCluster}: it hosts node {@code n}'s replica (started by its
 * first connection through the abcast driver) and that node's clients, and is driven over stdin and stdout, one line
 * each way per step. Its arguments are {@code node=<n> url=<jdbc:abcast:...> timeout=<seconds>} and the scenario's
 * plan ({@link Scenario#args}); the scenario's class has the {@code main} that calls {@link #main(String[], Function)}.
 * Lines from the cluster, and what this process answers:
 * <pre>
 *   (on start)            STARTED node=n1 pid=...     then, once the view holds every node:  READY node=n1 members=...
 *   SETUP                 SETUP_DONE node=n1 position=P          (the scenario's setup; sent to node 1 only)
 *   GO position=P         PROGRESS node=n1 done=K ... then DONE node=n1 ... (see {@link NodeResult})
 *   FINISH position=P     REPORT node=n1 ... (see {@link ReplicaResult}), then END node=n1
 *   EXIT                  (closes the replica and exits 0)
 * </pre>
 * GO and FINISH first wait until the replica applied position {@code P}. On any error the process answers
 * {@code FAILED <reason>} and exits 1. It never outlives the cluster's JVM: when its stdin closes it exits 3, and
 * when that JVM ends (even killed) it exits 4, closing its replica. Logs go to stderr.
 */
public final class ScenarioNode {

    private final Scenario scenario;
    private final int node;
    private final String name;
    private final String url;
    private final Duration timeout;

    private ScenarioNode(Scenario scenario, Fields args) {
        this.scenario = scenario;
        this.node = (int) args.number("node");
        this.name = "n" + node;
        this.url = args.text("url");
        this.timeout = Duration.ofSeconds(args.number("timeout"));
    }

    /** Runs the process for the scenario made from the arguments, and exits with its code. */
    public static void main(String[] args, Function<Fields, Scenario> scenario) {
        Fields fields = Fields.of(List.of(args));
        System.exit(new ScenarioNode(scenario.apply(fields), fields).call());
    }

    private int call() {
        exitWithTheCluster();
        try (Connection control = DriverManager.getConnection(url)) {
            ReplicatedConnection replica = control.unwrap(ReplicatedConnection.class);
            say("STARTED node=" + name + " pid=" + ProcessHandle.current().pid());
            if (!replica.awaitMembers(scenario.nodes(), timeout)) {
                throw new TimeoutException("the view holds " + replica.replicaStatus().members() + ", not the "
                        + scenario.nodes() + " nodes (the replica closed, or " + timeout.toSeconds() + " s passed)");
            }
            say("READY node=" + name + " members=" + String.join(",", replica.replicaStatus().members()));
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                String word = line.strip().split("\\s+")[0];
                switch (word) {
                    case "SETUP" -> {
                        scenario.setup(control);
                        say("SETUP_DONE node=" + name + " position=" + replica.lastWritePosition());
                    }
                    case "GO" -> {
                        replica.awaitPosition(Fields.parse(line).number("position"), timeout);
                        say(work().toLine());
                    }
                    case "FINISH" -> {
                        replica.awaitPosition(Fields.parse(line).number("position"), timeout);
                        say(ReplicaResult.read(name, control, scenario).toLine());
                        say("END node=" + name);
                    }
                    case "EXIT" -> {
                        return 0;
                    }
                    default -> throw new IllegalArgumentException("unknown command from the cluster: " + line);
                }
            }
            System.err.println(name + ": stdin closed, the cluster's JVM is gone; stopping");
            return 3;
        } catch (Exception e) {
            e.printStackTrace();
            say("FAILED " + name + ": " + e.toString().replace('\n', ' '));
            return 1;
        } finally {
            Replicas.closeAll();
        }
    }

    /** Exits (closing the replica in the driver's shutdown hook) as soon as the parent JVM is gone, even mid-run. */
    private void exitWithTheCluster() {
        ProcessHandle.current().parent().ifPresent(parent -> parent.onExit().thenRun(() -> {
            System.err.println(name + ": the cluster's JVM (pid " + parent.pid() + ") is gone; stopping");
            System.exit(4);
        }));
    }

    private NodeResult work() throws Exception {
        NodeWork work = new NodeWork(scenario, node, () -> DriverManager.getConnection(url));
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, name + "-progress");
            t.setDaemon(true);
            return t;
        });
        long[] last = {-1};
        ticker.scheduleAtFixedRate(() -> {
            long done = work.done();
            if (done != last[0]) {
                last[0] = done;
                say("PROGRESS node=" + name + " done=" + done);
            }
        }, 0, 100, TimeUnit.MILLISECONDS);
        try {
            return work.run(timeout);
        } finally {
            ticker.shutdownNow();
            ticker.awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    private synchronized void say(String line) {
        System.out.println(line);
        System.out.flush();
    }
}
