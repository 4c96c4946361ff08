package io.abcast.bench;

import io.abcast.jdbc.ReplicatedConnection;
import io.abcast.jdbc.internal.ConnectionSettings;
import io.abcast.jdbc.internal.Replicas;

import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * abcast with every replica in this JVM (stack {@code in-jvm}, each with its own file database): one replica, or
 * several with the client threads spread over them (thread i writes through node i mod n).
 */
final class AbcastInJvmTarget extends AbstractTarget {

    private final Path dir;
    private final int nodes;
    private final String cluster;
    private final List<String> urls = new ArrayList<>();

    AbcastInJvmTarget(String name, Path dir, int nodes, String cluster) {
        super(name);
        this.dir = dir;
        this.nodes = nodes;
        this.cluster = cluster;
    }

    @Override
    public void start(int connections) throws Exception {
        for (int n = 1; n <= nodes; n++) {
            urls.add("jdbc:abcast:h2:" + dir.toAbsolutePath().resolve("n" + n) + ";abcast.cluster=" + cluster
                    + ";abcast.node=n" + n + ";abcast.size=" + nodes + ";abcast.stack=in-jvm");
        }
        // The first connection to each node starts its replica; every node gets at least one.
        for (int i = 0; i < Math.max(connections, nodes); i++) {
            addConnection(DriverManager.getConnection(urls.get(i % nodes), USER, ""));
        }
        for (int n = 0; n < nodes; n++) {
            ReplicatedConnection c = connection(n).unwrap(ReplicatedConnection.class);
            if (!c.awaitMembers(nodes, Duration.ofSeconds(60))) {
                throw new IllegalStateException("n" + (n + 1) + " sees " + c.replicaStatus().members() + " after 60 s, not "
                        + nodes + " members");
            }
        }
    }

    @Override
    void awaitSetUp() throws Exception {
        long position = connection(0).unwrap(ReplicatedConnection.class).lastWritePosition();
        for (int n = 1; n < nodes; n++) {
            connection(n).unwrap(ReplicatedConnection.class).awaitPosition(position, Duration.ofSeconds(60));
        }
    }

    @Override
    public List<CheckLine> check(DataCheck data) throws Exception {
        Map<String, StateCheck.Source> sources = new LinkedHashMap<>();
        for (int n = 0; n < nodes; n++) {
            ReplicatedConnection c = connection(n).unwrap(ReplicatedConnection.class);
            sources.put("n" + (n + 1), c::replicaState);
        }
        List<CheckLine> lines = new ArrayList<>(StateCheck.compare(sources, Duration.ofSeconds(60)));
        for (int n = 0; n < nodes; n++) {
            lines.add(data.check("n" + (n + 1), connection(n)));
        }
        return lines;
    }

    @Override
    public void close() {
        closeConnections();
        for (String url : urls) {
            try {
                Replicas.close(ConnectionSettings.parse(url, null));
            } catch (SQLException | RuntimeException e) {
                System.err.println(name() + ": stopping the replica of " + url + ": " + e);
            }
        }
    }
}
