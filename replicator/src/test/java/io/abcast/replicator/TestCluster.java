package io.abcast.replicator;

import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** An in-JVM cluster of replicas on the in-jvm stack, each with its own in-memory H2 database. */
final class TestCluster implements AutoCloseable {

    final String name = "test-" + UUID.randomUUID();
    final List<Replica> replicas = new ArrayList<>();

    static TestCluster start(int size) throws SQLException {
        TestCluster cluster = new TestCluster();
        try {
            for (int i = 1; i <= size; i++) {
                cluster.replicas.add(Replica.start(cluster.config("n" + i, size)));
            }
            cluster.awaitView(size);
        } catch (SQLException | RuntimeException e) {
            cluster.close();
            throw e;
        }
        return cluster;
    }

    ReplicaConfig config(String node, int size) {
        Properties info = new Properties();
        info.setProperty("user", "sa");
        info.setProperty("password", "");
        return new ReplicaConfig(name, node, "in-jvm", "127.0.0.1:7800", List.of(), size,
                "jdbc:h2:mem:" + name + "-" + node, info, Duration.ofSeconds(30));
    }

    void awaitView(int members) {
        await().atMost(Duration.ofSeconds(30))
                .until(() -> replicas.stream().allMatch(r -> r.status().members().size() == members));
    }

    Replica get(int i) {
        return replicas.get(i);
    }

    /** Waits until every replica applied the same position, then checks that position, hash and digest agree. */
    List<ReplicaState> assertConverged() throws SQLException {
        await().atMost(Duration.ofSeconds(60)).until(() ->
                replicas.stream().map(Replica::appliedPosition).distinct().count() == 1);
        List<ReplicaState> states = new ArrayList<>();
        for (Replica r : replicas) {
            states.add(r.state());
        }
        assertThat(states).as("position, hash and digest of every replica").containsOnly(states.get(0));
        return states;
    }

    @Override
    public void close() {
        replicas.forEach(Replica::close);
    }
}
