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

/**
 * The node side of the line protocol between a demo's cluster ({@link NodeProcesses}) and one replica process: the
 * process hosts node {@code n}'s replica (started by its first connection through the abcast driver) and that
 * node's clients, and is driven over stdin and stdout, one line each way per step. What the steps do is the
 * scenario's ({@link Steps}: {@link ScenarioNode} for a {@link Scenario}, the chat's node for the chat). Lines from
 * the cluster, and what the process answers:
 * <pre>
 *   (on start)            STARTED node=n1 pid=...     then, once the view holds every node:  READY node=n1 members=...
 *   SETUP                 SETUP_DONE node=n1 position=P          (the scenario's setup; sent to node 1 only)
 *   GO position=P         PROGRESS node=n1 done=K ... then DONE node=n1 ...  (the work's result)
 *   FINISH position=P     the report's lines, then END node=n1
 *   EXIT                  (closes the replica and exits 0)
 * </pre>
 * GO and FINISH first wait until the replica applied position {@code P}. On any error the process answers
 * {@code FAILED <reason>} and exits 1. It never outlives the cluster's JVM: when its stdin closes it exits 3, and
 * when that JVM ends (even killed) it exits 4, closing its replica. Logs go to stderr.
 */
public final class NodeLoop {

    /** What a node process does at each step. Called on the process's main thread. */
    public interface Steps {
        /** SETUP: creates the schema and the initial data, through node 1's replica. */
        void setup(Connection control) throws Exception;

        /** GO: the node's work, to run once. */
        Work work();

        /** FINISH: the lines that report the replica's end state. */
        List<String> report(Connection control) throws Exception;
    }

    /** One node's work: its clients, all at once. */
    public interface Work {
        /** Operations done so far; read from another thread while {@link #run} runs. */
        long done();

        /** Runs the clients to the end; returns the DONE line. */
        String run(Duration timeout) throws Exception;
    }

    private final int node;
    private final String name;
    private final int nodes;
    private final String url;
    private final Duration timeout;
    private final Steps steps;

    private NodeLoop(int node, int nodes, String url, Duration timeout, Steps steps) {
        this.node = node;
        this.name = NodeProcesses.nodeName(node);
        this.nodes = nodes;
        this.url = url;
        this.timeout = timeout;
        this.steps = steps;
    }

    /**
     * Serves the protocol as node {@code node} of {@code nodes}, on the replica at {@code url}, until EXIT or an
     * error; every wait of a step is bounded by {@code timeout}.
     *
     * @return the process's exit code
     */
    public static int serve(int node, int nodes, String url, Duration timeout, Steps steps) {
        return new NodeLoop(node, nodes, url, timeout, steps).call();
    }

    private int call() {
        exitWithTheCluster();
        try (Connection control = DriverManager.getConnection(url)) {
            ReplicatedConnection replica = control.unwrap(ReplicatedConnection.class);
            say("STARTED node=" + name + " pid=" + ProcessHandle.current().pid());
            if (!replica.awaitMembers(nodes, timeout)) {
                throw new TimeoutException("the view holds " + replica.replicaStatus().members() + ", not the "
                        + nodes + " nodes (the replica closed, or " + timeout.toSeconds() + " s passed)");
            }
            say("READY node=" + name + " members=" + String.join(",", replica.replicaStatus().members()));
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                String word = line.strip().split("\\s+")[0];
                switch (word) {
                    case "SETUP" -> {
                        steps.setup(control);
                        say("SETUP_DONE node=" + name + " position=" + replica.lastWritePosition());
                    }
                    case "GO" -> {
                        replica.awaitPosition(Fields.parse(line).number("position"), timeout);
                        say(work());
                    }
                    case "FINISH" -> {
                        replica.awaitPosition(Fields.parse(line).number("position"), timeout);
                        steps.report(control).forEach(this::say);
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

    /** Runs the node's work, saying its progress every 100 ms while it changes; returns the DONE line. */
    private String work() throws Exception {
        Work work = steps.work();
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
