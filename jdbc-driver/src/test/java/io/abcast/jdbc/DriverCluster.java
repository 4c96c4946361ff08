package io.abcast.jdbc;

import io.abcast.jdbc.internal.ConnectionSettings;
import io.abcast.jdbc.internal.Replicas;
import io.abcast.replicator.ReplicaState;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Replicas in this JVM, on the in-jvm stack, each with its own in-memory H2 database, reached through the driver. */
final class DriverCluster implements AutoCloseable {

    final String name = "t" + UUID.randomUUID().toString().substring(0, 8);
    final int size;
    private final Map<Integer, String> stacks;

    private DriverCluster(int size, Map<Integer, String> stacks) {
        this.size = size;
        this.stacks = stacks;
    }

    /** Starts every replica (by opening a connection to each) and waits until they all see each other. */
    static DriverCluster start(int size) throws SQLException {
        return start(size, Map.of());
    }

    /** As {@link #start(int)}, with the given nodes (numbered from 1) on their own JGroups stack files. */
    static DriverCluster start(int size, Map<Integer, String> stacks) throws SQLException {
        DriverCluster cluster = new DriverCluster(size, stacks);
        for (int i = 1; i <= size; i++) {
            cluster.connect(i).close();
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> cluster.allSee(size));
        return cluster;
    }

    String url(int node) {
        return "jdbc:abcast:h2:mem:" + name + "-n" + node + ";abcast.cluster=" + name + ";abcast.node=n" + node
                + ";abcast.stack=" + stacks.getOrDefault(node, "in-jvm") + ";abcast.size=" + size;
    }

    Connection connect(int node) throws SQLException {
        return DriverManager.getConnection(url(node), "sa", "");
    }

    private boolean allSee(int members) throws SQLException {
        for (int i = 1; i <= size; i++) {
            try (Connection c = connect(i)) {
                if (c.unwrap(ReplicatedConnection.class).replicaStatus().members().size() != members) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Waits until every replica has applied the position (so that, e.g., a table created on one exists on all). */
    void awaitEverywhere(long position) throws SQLException {
        for (int i = 1; i <= size; i++) {
            try (Connection c = connect(i)) {
                c.unwrap(ReplicatedConnection.class).awaitPosition(position, Duration.ofSeconds(30));
            }
        }
    }

    /** Waits until every replica applied the same position, then checks position, hash, digest and rows agree. */
    List<ReplicaState> assertConverged(String rowsQuery) throws SQLException {
        await().atMost(Duration.ofSeconds(60)).until(() -> positions().stream().distinct().count() == 1);
        List<ReplicaState> states = new ArrayList<>();
        List<List<List<Object>>> rows = new ArrayList<>();
        for (int i = 1; i <= size; i++) {
            try (Connection c = connect(i)) {
                states.add(c.unwrap(ReplicatedConnection.class).replicaState());
                rows.add(rows(c, rowsQuery));
            }
        }
        assertThat(states).as("position, running hash and digest of every replica").containsOnly(states.get(0));
        assertThat(rows).as("rows of every replica").containsOnly(rows.get(0));
        return states;
    }

    private List<Long> positions() throws SQLException {
        List<Long> positions = new ArrayList<>();
        for (int i = 1; i <= size; i++) {
            try (Connection c = connect(i)) {
                positions.add(c.unwrap(ReplicatedConnection.class).replicaStatus().position());
            }
        }
        return positions;
    }

    static List<List<Object>> rows(Connection c, String sql) throws SQLException {
        return Rows.of(c, sql);
    }

    @Override
    public void close() throws SQLException {
        for (int i = 1; i <= size; i++) {
            Replicas.close(ConnectionSettings.parse(url(i), null));
        }
    }
}
