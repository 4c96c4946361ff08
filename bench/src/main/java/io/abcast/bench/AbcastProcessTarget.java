package io.abcast.bench;

import io.abcast.jdbc.ReplicatedConnection;
import io.abcast.jdbc.internal.ConnectionSettings;
import io.abcast.jdbc.internal.Replicas;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * abcast with three replicas in three processes over the {@code tcp} stack on loopback: this JVM hosts n1 through
 * the driver (every client thread writes through it), two child JVMs run {@code ReplicaNode} n2 and n3. At the end
 * n2 and n3 are asked for their {@code status} and compared with n1, then stopped, and their database files checked
 * like n1's data.
 */
final class AbcastProcessTarget extends AbstractTarget {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final String HOST = "127.0.0.1";

    private final Path dir;
    private final Path logs;
    private final String cluster;
    private final List<ChildNode> children = new ArrayList<>();
    private String url;

    AbcastProcessTarget(Path dir, Path logs, String cluster) {
        super("abcast-3-procs");
        this.dir = dir;
        this.logs = logs;
        this.cluster = cluster;
    }

    @Override
    public void start(int connections) throws Exception {
        // n1 binds the first port of the range, n2 and n3 the next free ones; all contact the range from its start.
        String base = HOST + ":" + Ports.freeRange(3);
        url = "jdbc:abcast:h2:" + dir.toAbsolutePath().resolve("n1") + ";abcast.cluster=" + cluster
                + ";abcast.node=n1;abcast.size=3;abcast.stack=tcp;abcast.bind=" + base + ";abcast.members=" + base;
        for (int i = 0; i < Math.max(1, connections); i++) {
            addConnection(DriverManager.getConnection(url, USER, ""));
        }
        Files.createDirectories(logs);
        for (String node : List.of("n2", "n3")) {
            List<String> args = List.of("--cluster", cluster, "--node", node, "--data", dir.toAbsolutePath().toString(),
                    "--size", "3", "--members", base, "--bind", base, "--stack", "tcp");
            children.add(ChildNode.start(node, args, logs.resolve(node + ".log")));
        }
        for (ChildNode child : children) {
            child.awaitReady(START_TIMEOUT);
        }
        ReplicatedConnection n1 = connection(0).unwrap(ReplicatedConnection.class);
        if (!n1.awaitMembers(3, START_TIMEOUT)) {
            throw new IllegalStateException("n1 sees " + n1.replicaStatus().members() + ", not 3 members");
        }
    }

    @Override
    public List<CheckLine> check(DataCheck data) throws Exception {
        Map<String, StateCheck.Source> sources = new LinkedHashMap<>();
        sources.put("n1", connection(0).unwrap(ReplicatedConnection.class)::replicaState);
        for (ChildNode child : children) {
            sources.put(child.node(), () -> child.state(Duration.ofSeconds(60)));
        }
        List<CheckLine> lines = new ArrayList<>(StateCheck.compare(sources, Duration.ofSeconds(60)));
        lines.add(data.check("n1", connection(0)));
        // n2 and n3 answer no SQL: once they have quit, their database files are opened with plain H2.
        for (ChildNode child : children) {
            child.close();
        }
        for (ChildNode child : children) {
            String file = "jdbc:h2:" + dir.toAbsolutePath().resolve(child.node()) + ";ACCESS_MODE_DATA=r";
            try (Connection c = DriverManager.getConnection(file, USER, "")) {
                CheckLine line = data.check(child.node(), c);
                lines.add(new CheckLine(line.ok(), line.text() + " (its file, after it quit)"));
            }
        }
        children.clear();
        return lines;
    }

    @Override
    public void close() {
        closeConnections();
        for (ChildNode child : children) {
            child.close();
        }
        children.clear();
        if (url != null) {
            try {
                Replicas.close(ConnectionSettings.parse(url, null));
            } catch (SQLException | RuntimeException e) {
                System.err.println(name() + ": stopping n1: " + e);
            }
        }
    }
}
