package io.abcast.bench;

import io.abcast.jdbc.ReplicatedConnection;
import io.abcast.jdbc.internal.ConnectionSettings;
import io.abcast.jdbc.internal.Replicas;
import io.abcast.replicator.Replica;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Replicas n1..n<i>size</i> in this JVM, each on its own file database, which a scenario starts, stops, crashes and
 * restarts from their files. Connections handed out are closed when their node stops, crashes, or at the end.
 */
final class ReplicaSet implements AutoCloseable {

    private final Path dir;
    private final String cluster;
    private final int size;
    private final String stack;
    private final String extra;
    private final Map<Integer, List<Connection>> connections = new HashMap<>();

    /**
     * @param stack a shipped stack name or a JGroups file (see {@link #failureDetectingStack})
     * @param extra further URL settings, each starting with {@code ;}
     */
    ReplicaSet(Path dir, String cluster, int size, String stack, String extra) {
        this.dir = dir;
        this.cluster = cluster;
        this.size = size;
        this.stack = stack;
        this.extra = extra;
    }

    /**
     * Writes the shipped {@code in-jvm} stack with failure detection added (FD_ALL3 with this timeout and a fifth of
     * it as the heartbeat interval, VERIFY_SUSPECT2 with a quarter of it), so that the survivors of a crash in this
     * JVM notice it; the shipped in-JVM stack has no failure detector.
     *
     * @return the file, to give as the stack
     */
    static String failureDetectingStack(Path dir, long timeoutMillis) throws IOException {
        String xml;
        try (InputStream in = Replica.class.getResourceAsStream("/io/abcast/replicator/in-jvm.xml")) {
            if (in == null) {
                throw new IOException("the in-jvm stack is missing from the replicator's jar");
            }
            xml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        String detection = String.format(Locale.ROOT, "<SHARED_LOOPBACK_PING/>%n  <FD_ALL3 timeout=\"%d\" interval=\"%d\"/>"
                + "%n  <VERIFY_SUSPECT2 timeout=\"%d\"/>", timeoutMillis, timeoutMillis / 5, timeoutMillis / 4);
        if (!xml.contains("<SHARED_LOOPBACK_PING/>")) {
            throw new IOException("the in-jvm stack has no SHARED_LOOPBACK_PING to put failure detection after");
        }
        Files.createDirectories(dir);
        Path file = dir.resolve("in-jvm-fd-" + timeoutMillis + ".xml");
        Files.writeString(file, xml.replace("<SHARED_LOOPBACK_PING/>", detection));
        return file.toAbsolutePath().toString();
    }

    String url(int node) {
        return "jdbc:abcast:h2:" + dir.toAbsolutePath().resolve("n" + node) + ";abcast.cluster=" + cluster
                + ";abcast.node=n" + node + ";abcast.size=" + size + ";abcast.stack=" + stack + extra;
    }

    /** A new connection through the node, which starts its replica (from its files) if it is not running. */
    Connection connect(int node) throws SQLException {
        Connection c = DriverManager.getConnection(url(node), AbstractTarget.USER, "");
        connections.computeIfAbsent(node, n -> new ArrayList<>()).add(c);
        return c;
    }

    ReplicatedConnection replicated(int node) throws SQLException {
        return connect(node).unwrap(ReplicatedConnection.class);
    }

    /** The node's running replica, or null. */
    Replica replica(int node) throws SQLException {
        return Replicas.find(ConnectionSettings.parse(url(node), null));
    }

    /** Waits until each of the nodes sees exactly {@code members} members. */
    void awaitView(int members, Duration timeout, int... nodes) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (int node : nodes) {
            while (replica(node).status().members().size() != members) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("n" + node + " sees " + replica(node).status().members() + " after "
                            + timeout.toSeconds() + " s, not " + members + " members");
                }
                Thread.sleep(5);
            }
        }
    }

    /** Stops the node cleanly: its connections, then its replica (it leaves the cluster, its database is closed). */
    void stop(int node) throws SQLException {
        closeConnections(node);
        Replicas.close(ConnectionSettings.parse(url(node), null));
    }

    /** Stops the node as a crash would ({@link Replica#crash}): no goodbye, nothing queued applied. */
    void crash(int node) throws SQLException {
        Replica replica = Replicas.forget(ConnectionSettings.parse(url(node), null));
        if (replica == null) {
            throw new IllegalStateException("n" + node + " is not running");
        }
        replica.crash();
        closeConnections(node);
    }

    private void closeConnections(int node) {
        for (Connection c : connections.getOrDefault(node, List.of())) {
            try {
                c.close();
            } catch (SQLException | RuntimeException e) {
                System.err.println("n" + node + ": closing a connection: " + e);
            }
        }
        connections.remove(node);
    }

    @Override
    public void close() {
        for (int node = 1; node <= size; node++) {
            try {
                stop(node);
            } catch (SQLException | RuntimeException e) {
                System.err.println("n" + node + ": stopping: " + e);
            }
        }
    }
}
