package io.abcast.jdbc.faults;

import io.abcast.jdbc.ReplicatedConnection;
import io.abcast.jdbc.internal.ConnectionSettings;
import io.abcast.jdbc.internal.Replicas;
import io.abcast.replicator.Replica;
import io.abcast.replicator.ReplicaState;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Replicas in this JVM whose faults a test controls: file databases (so a node can restart from its files), and a
 * stack with failure detection, merging and DISCARD (so a node can crash, and the network can be cut and healed).
 */
final class FaultCluster implements AutoCloseable {

    final String name = "f" + UUID.randomUUID().toString().substring(0, 8);
    final int size;
    private final Path dir;
    private final Path stack;
    private final String extra;
    private final Set<Integer> running = new HashSet<>();

    private FaultCluster(int size, Path dir, String extra) throws Exception {
        this.size = size;
        this.dir = dir;
        this.extra = extra;
        this.stack = dir.resolve("faults.xml");
        String xml;
        try (InputStream in = FaultCluster.class.getResourceAsStream("/io/abcast/replicator/in-jvm.xml")) {
            xml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        xml = xml.replace("<SHARED_LOOPBACK_PING/>", "<DISCARD/>\n  <SHARED_LOOPBACK_PING/>\n"
                + "  <MERGE3 min_interval=\"500\" max_interval=\"1500\" check_interval=\"2000\"/>\n"
                + "  <FD_ALL3 timeout=\"2000\" interval=\"400\"/>\n  <VERIFY_SUSPECT2 timeout=\"500\"/>");
        Files.writeString(stack, xml);
    }

    /** Starts {@code size} nodes, with extra URL settings, and waits until they all see each other. */
    static FaultCluster start(int size, Path dir, String extra) throws Exception {
        FaultCluster cluster = new FaultCluster(size, dir, extra);
        for (int i = 1; i <= size; i++) {
            cluster.startNode(i);
        }
        cluster.awaitView(size, cluster.running);
        return cluster;
    }

    String url(int node) {
        return "jdbc:abcast:h2:" + dir.resolve("n" + node).toAbsolutePath() + ";abcast.cluster=" + name
                + ";abcast.node=n" + node + ";abcast.stack=" + stack + ";abcast.size=" + size + extra;
    }

    /** Starts (or restarts, from its files) a node. */
    void startNode(int node) throws SQLException {
        connect(node).close();
        running.add(node);
    }

    Connection connect(int node) throws SQLException {
        return DriverManager.getConnection(url(node), "sa", "");
    }

    Replica replica(int node) throws SQLException {
        return Replicas.find(ConnectionSettings.parse(url(node), null));
    }

    /** Stops a node as a crash would: no goodbye, nothing flushed beyond what was committed. */
    void crash(int node) throws SQLException {
        Replica r = Replicas.forget(ConnectionSettings.parse(url(node), null));
        r.crash();
        running.remove(node);
    }

    /** Stops a node cleanly. */
    void stop(int node) throws SQLException {
        Replicas.close(ConnectionSettings.parse(url(node), null));
        running.remove(node);
    }

    /** Cuts the network between two groups of nodes (both ways). */
    void partition(Set<Integer> a, Set<Integer> b) throws SQLException {
        for (int i : a) {
            replica(i).discardFrom(names(b));
        }
        for (int i : b) {
            replica(i).discardFrom(names(a));
        }
    }

    /** Heals every cut. */
    void heal() throws SQLException {
        for (int i : running) {
            replica(i).discardFrom(Set.of());
        }
    }

    private static Set<String> names(Set<Integer> nodes) {
        Set<String> names = new HashSet<>();
        nodes.forEach(i -> names.add("n" + i));
        return names;
    }

    /** Waits until each of the nodes sees exactly {@code members} members. */
    void awaitView(int members, Set<Integer> nodes) {
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            for (int i : nodes) {
                try (Connection c = connect(i)) {
                    if (c.unwrap(ReplicatedConnection.class).replicaStatus().members().size() != members) {
                        return false;
                    }
                }
            }
            return true;
        });
    }

    Set<Integer> running() {
        return Set.copyOf(running);
    }

    /** Waits until the running nodes agree on position, then checks position, hash, digest and rows agree. */
    List<ReplicaState> assertConverged(String rowsQuery) throws SQLException {
        try {
            await().atMost(Duration.ofSeconds(90)).until(() -> positions().stream().distinct().count() == 1);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            StringBuilder sb = new StringBuilder("replicas did not reach one position:");
            for (int i : running) {
                try (Connection c = connect(i)) {
                    sb.append("\n  ").append(c.unwrap(ReplicatedConnection.class).replicaStatus());
                }
            }
            throw new AssertionError(sb.toString(), e);
        }
        List<ReplicaState> states = new ArrayList<>();
        List<List<List<Object>>> rows = new ArrayList<>();
        for (int i : running) {
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
        for (int i : running) {
            try (Connection c = connect(i)) {
                positions.add(c.unwrap(ReplicatedConnection.class).replicaStatus().position());
            }
        }
        return positions;
    }

    static List<List<Object>> rows(Connection c, String sql) throws SQLException {
        return io.abcast.jdbc.Rows.of(c, sql);
    }

    @Override
    public void close() throws SQLException {
        for (int i : Set.copyOf(running)) {
            stop(i);
        }
    }
}
