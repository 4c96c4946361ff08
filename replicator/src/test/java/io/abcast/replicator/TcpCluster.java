package io.abcast.replicator;

import io.abcast.replicator.internal.GuardedTcp;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Replicas on the tcp stack over loopback, each on a port of its own, with in-memory H2 databases: for tests of what
 * crosses the network. Every replica is told every node's port, so a node can be started later on a port known in
 * advance.
 */
final class TcpCluster implements AutoCloseable {

    final String name = "tcp-" + UUID.randomUUID();
    final List<Integer> ports;
    final List<Replica> replicas = new ArrayList<>();
    private final String stack;

    private TcpCluster(int nodes, String stack) throws IOException {
        this.ports = freePorts(nodes);
        this.stack = stack;
    }

    /** A cluster of {@code nodes} possible nodes, none started yet. */
    static TcpCluster of(int nodes) throws IOException {
        return new TcpCluster(nodes, "tcp");
    }

    /** As {@link #of}, with the shipped tcp stack over {@link TappedTcp}, which records what goes on the wire. */
    static TcpCluster tapped(int nodes, Path dir) throws IOException {
        String xml;
        try (InputStream in = TcpCluster.class.getResourceAsStream("/io/abcast/replicator/tcp.xml")) {
            xml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Path file = dir.resolve("tapped-tcp.xml");
        Files.writeString(file, xml.replace("<" + GuardedTcp.class.getName() + " ", "<" + TappedTcp.class.getName() + " "));
        return new TcpCluster(nodes, file.toString());
    }

    /** The configuration of node {@code i} (0-based), which contacts every node of the cluster. */
    ReplicaConfig config(int i, int size, ClusterSecret secret) {
        Properties info = new Properties();
        info.setProperty("user", "sa");
        info.setProperty("password", "");
        List<String> members = ports.stream().map(p -> "127.0.0.1:" + p).toList();
        return new ReplicaConfig(name, "n" + (i + 1), stack, "127.0.0.1:" + ports.get(i), members, size,
                "jdbc:h2:mem:" + name + "-n" + (i + 1), info, Duration.ofSeconds(30)).withSecurity(secret, false);
    }

    Replica start(int i, int size, ClusterSecret secret) throws SQLException {
        Replica r = Replica.start(config(i, size, secret));
        replicas.add(r);
        return r;
    }

    /**
     * Ports with nothing listening on them nor on the nine above (a node takes the first free port of ten), ten
     * apart, so each node gets exactly its own.
     */
    private static List<Integer> freePorts(int count) throws IOException {
        List<Integer> ports = new ArrayList<>();
        int base = 20_000 + ThreadLocalRandom.current().nextInt(2_000) * 10;
        for (int candidate = base; ports.size() < count && candidate < 60_000; candidate += ReplicaConfig.PORT_RANGE) {
            if (allFree(candidate)) {
                ports.add(candidate);
            }
        }
        if (ports.size() < count) {
            throw new IOException("no free loopback ports from " + base);
        }
        return ports;
    }

    private static boolean allFree(int from) {
        for (int p = from; p < from + ReplicaConfig.PORT_RANGE; p++) {
            try (ServerSocket s = new ServerSocket(p, 1, InetAddress.getLoopbackAddress())) {
                s.setReuseAddress(true);
            } catch (IOException e) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void close() {
        replicas.forEach(Replica::close);
    }
}
