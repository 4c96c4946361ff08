package io.abcast.bench;

import io.abcast.bench.Target.CheckLine;
import io.abcast.jdbc.ReplicatedConnection;
import io.abcast.jdbc.internal.ConnectionSettings;
import io.abcast.jdbc.internal.Replicas;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Three replicas in three processes over the shipped {@code tcp} stack on loopback: n1 and n2 are child JVMs
 * ({@code ReplicaNode}), started in that order so that n1 is the coordinator, hence the sequencer; n3 is in this JVM,
 * reached through the driver, and every writer writes through it. The sequencer's crash is {@code kill -9} of n1's
 * process, or {@code kill -STOP} (frozen: its sockets stay open, so only the heartbeat timeout notices).
 */
final class ProcessFailoverCluster implements FailoverCluster {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final String HOST = "127.0.0.1";

    private final Path dir;
    private final Path logs;
    private final String cluster;
    private final boolean freeze;
    private final List<Connection> connections = new ArrayList<>();
    private ChildNode n1;
    private ChildNode n2;
    private String url;

    /** @param freeze whether the crash is {@code kill -STOP} rather than {@code kill -9} */
    ProcessFailoverCluster(Path dir, Path logs, String cluster, boolean freeze) {
        this.dir = dir;
        this.logs = logs;
        this.cluster = cluster;
        this.freeze = freeze;
    }

    @Override
    public void start() throws Exception {
        String base = HOST + ":" + Ports.freeRange(3);
        Files.createDirectories(logs);
        n1 = child("n1", base);
        n1.status(TIMEOUT); // answered once its replica has started: alone, so the coordinator
        n2 = child("n2", base);
        n2.status(TIMEOUT);
        url = "jdbc:abcast:h2:" + dir.toAbsolutePath().resolve("n3") + ";abcast.cluster=" + cluster
                + ";abcast.node=n3;abcast.size=3;abcast.stack=tcp;abcast.bind=" + base + ";abcast.members=" + base;
        ReplicatedConnection n3 = connect().unwrap(ReplicatedConnection.class);
        if (!n3.awaitMembers(3, TIMEOUT)) {
            throw new IllegalStateException("n3 sees " + n3.replicaStatus().members() + ", not 3 members");
        }
        n1.awaitReady(TIMEOUT);
        n2.awaitReady(TIMEOUT);
    }

    private ChildNode child(String node, String base) throws Exception {
        List<String> args = List.of("--cluster", cluster, "--node", node, "--data", dir.toAbsolutePath().toString(),
                "--size", "3", "--members", base, "--bind", base, "--stack", "tcp");
        return ChildNode.start(node, args, logs.resolve(cluster + "-" + node + ".log"));
    }

    private Connection connect() throws SQLException {
        Connection c = DriverManager.getConnection(url, AbstractTarget.USER, "");
        connections.add(c);
        return c;
    }

    @Override
    public void setUp(String sql) throws Exception {
        try (Statement st = connect().createStatement()) {
            st.executeUpdate(sql);
        }
    }

    @Override
    public List<Connection> writerConnections(int count) throws SQLException {
        List<Connection> list = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            list.add(connect());
        }
        return list;
    }

    @Override
    public ReplicatedConnection monitor() throws SQLException {
        return connect().unwrap(ReplicatedConnection.class);
    }

    @Override
    public long crash() throws Exception {
        if (freeze) {
            n1.freeze();
            return System.nanoTime(); // the signal is delivered once kill has returned
        }
        long now = System.nanoTime();
        n1.kill();
        return now;
    }

    @Override
    public List<CheckLine> check(Target.DataCheck data) throws Exception {
        ReplicatedConnection n3 = connect().unwrap(ReplicatedConnection.class);
        Map<String, StateCheck.Source> sources = new LinkedHashMap<>();
        sources.put("n3", n3::replicaState);
        sources.put("n2", () -> n2.state(TIMEOUT));
        List<CheckLine> lines = new ArrayList<>(StateCheck.compare(sources, TIMEOUT));
        lines.add(data.check("n3", n3));
        n2.close(); // n2 answers no SQL: once it has quit, its file is opened with plain H2
        String file = "jdbc:h2:" + dir.toAbsolutePath().resolve("n2") + ";ACCESS_MODE_DATA=r";
        try (Connection c = DriverManager.getConnection(file, AbstractTarget.USER, "")) {
            CheckLine line = data.check("n2", c);
            lines.add(new CheckLine(line.ok(), line.text() + " (its file, after it quit)"));
        }
        return lines;
    }

    @Override
    public String status() {
        StringBuilder sb = new StringBuilder();
        if (url != null) {
            try {
                var replica = Replicas.find(ConnectionSettings.parse(url, null));
                sb.append("n3: ").append(replica == null ? "not running" : replica.status()).append('\n');
            } catch (SQLException e) {
                sb.append("n3: ").append(e).append('\n');
            }
        }
        if (n2 != null) {
            try {
                sb.append("n2: ").append(n2.status(Duration.ofSeconds(10))).append('\n');
            } catch (Exception e) {
                sb.append("n2: ").append(e).append('\n');
            }
        }
        return sb.toString();
    }

    @Override
    public long[] childPids() {
        return n2 == null ? new long[0] : new long[] {n2.pid()};
    }

    @Override
    public void close() {
        for (Connection c : connections) {
            try {
                c.close();
            } catch (SQLException e) {
                System.err.println("closing a connection to n3: " + e);
            }
        }
        connections.clear();
        if (url != null) {
            try {
                Replicas.close(ConnectionSettings.parse(url, null));
            } catch (SQLException | RuntimeException e) {
                System.err.println("stopping n3: " + e);
            }
        }
        for (ChildNode child : new ChildNode[] {n1, n2}) {
            if (child != null) {
                try {
                    if (child == n1) {
                        child.kill(); // frozen, or killed already
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                child.close();
            }
        }
    }
}
