package io.abcast.examples.cluster;

import io.abcast.jdbc.ReplicatedConnection;
import io.abcast.jdbc.internal.ConnectionSettings;
import io.abcast.jdbc.internal.Replicas;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Runs a scenario the way {@link LocalCluster} does, but on replicas in this JVM (stack {@code in-jvm}, in-memory
 * databases), for fast tests: node 1 sets up, every node's {@link NodeWork} runs at once on its own thread, then
 * every replica, once it applied every command, gives its {@link ReplicaResult} and all its rows.
 */
public final class InJvmCluster {

    /** What the run gave: per node and per replica in node order, every replica's rows, and the verdict. */
    public record Result(long setupPosition, List<NodeResult> nodes, List<ReplicaResult> replicas,
                         List<Map<String, List<List<Object>>>> rows, Checks.Verdict verdict) {

        /** The position every replica must end at. */
        public long expectedPosition() {
            return setupPosition + Checks.sum(nodes, NodeResult::commands);
        }
    }

    private InJvmCluster() {
    }

    /** Runs the scenario once, on a cluster of its own; the replicas are closed when it returns. */
    public static Result run(Scenario scenario, Duration timeout) throws Exception {
        String cluster = scenario.name() + "-" + UUID.randomUUID().toString().substring(0, 8);
        List<String> urls = new ArrayList<>();
        for (int node = 1; node <= scenario.nodes(); node++) {
            urls.add("jdbc:abcast:h2:mem:" + cluster + "-n" + node + ";abcast.cluster=" + cluster + ";abcast.node=n"
                    + node + ";abcast.stack=in-jvm;abcast.size=" + scenario.nodes());
        }
        List<Connection> control = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(scenario.nodes());
        try {
            for (String url : urls) {
                control.add(DriverManager.getConnection(url));
            }
            for (Connection c : control) {
                if (!replica(c).awaitMembers(scenario.nodes(), timeout)) {
                    throw new IllegalStateException("the view holds " + replica(c).replicaStatus().members());
                }
            }
            scenario.setup(control.get(0));
            long setup = replica(control.get(0)).lastWritePosition();
            // Statements are prepared against the local replica: each must have the tables before its clients start.
            for (Connection c : control) {
                replica(c).awaitPosition(setup, timeout);
            }
            List<Future<NodeResult>> running = new ArrayList<>();
            for (int node = 1; node <= scenario.nodes(); node++) {
                String url = urls.get(node - 1);
                NodeWork work = new NodeWork(scenario, node, () -> DriverManager.getConnection(url));
                running.add(pool.submit(() -> work.run(timeout)));
            }
            List<NodeResult> nodes = new ArrayList<>();
            for (Future<NodeResult> f : running) {
                nodes.add(f.get(timeout.toMillis() + 30_000, TimeUnit.MILLISECONDS));
            }
            long expected = setup + Checks.sum(nodes, NodeResult::commands);
            List<ReplicaResult> replicas = new ArrayList<>();
            List<Map<String, List<List<Object>>>> rows = new ArrayList<>();
            for (int node = 1; node <= scenario.nodes(); node++) {
                Connection c = control.get(node - 1);
                replica(c).awaitPosition(expected, timeout);
                replicas.add(ReplicaResult.read("n" + node, c, scenario));
                rows.add(TableRows.all(c));
            }
            return new Result(setup, nodes, replicas, rows, Checks.verdict(scenario, setup, nodes, replicas));
        } finally {
            pool.shutdownNow();
            for (Connection c : control) {
                c.close();
            }
            for (String url : urls) {
                Replicas.close(ConnectionSettings.parse(url, null));
            }
        }
    }

    private static ReplicatedConnection replica(Connection c) throws SQLException {
        return c.unwrap(ReplicatedConnection.class);
    }
}
