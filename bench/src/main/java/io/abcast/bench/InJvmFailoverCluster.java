package io.abcast.bench;

import io.abcast.bench.Target.CheckLine;
import io.abcast.jdbc.ReplicatedConnection;
import io.abcast.replicator.Replica;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Three replicas in this JVM on file databases, over the in-JVM stack with failure detection added (the shipped one
 * has none); the sequencer's crash is {@link Replica#crash}. Writers use n2 and n3 alternately; n2 is watched.
 */
final class InJvmFailoverCluster implements FailoverCluster {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final Path dir;
    private final String cluster;
    private final long detectionMillis;
    private ReplicaSet set;

    /** @param detectionMillis FD_ALL3's timeout */
    InJvmFailoverCluster(Path dir, String cluster, long detectionMillis) {
        this.dir = dir;
        this.cluster = cluster;
        this.detectionMillis = detectionMillis;
    }

    @Override
    public void start() throws Exception {
        set = new ReplicaSet(dir, cluster, 3, ReplicaSet.failureDetectingStack(dir, detectionMillis), "");
        for (int node = 1; node <= 3; node++) {
            set.connect(node);
        }
        set.awaitView(3, TIMEOUT, 1, 2, 3);
    }

    @Override
    public void setUp(String sql) throws Exception {
        ReplicatedConnection n2 = set.replicated(2);
        try (Statement st = n2.createStatement()) {
            st.executeUpdate(sql);
        }
        set.replicated(3).awaitPosition(n2.lastWritePosition(), TIMEOUT);
    }

    @Override
    public List<Connection> writerConnections(int count) throws SQLException {
        List<Connection> connections = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            connections.add(set.connect(2 + i % 2));
        }
        return connections;
    }

    @Override
    public ReplicatedConnection monitor() throws SQLException {
        return set.replicated(2);
    }

    @Override
    public long crash() throws Exception {
        long now = System.nanoTime();
        set.crash(1);
        return now;
    }

    @Override
    public List<CheckLine> check(Target.DataCheck data) throws Exception {
        ReplicatedConnection n2 = set.replicated(2);
        ReplicatedConnection n3 = set.replicated(3);
        Map<String, StateCheck.Source> sources = new LinkedHashMap<>();
        sources.put("n2", n2::replicaState);
        sources.put("n3", n3::replicaState);
        List<CheckLine> lines = new ArrayList<>(StateCheck.compare(sources, TIMEOUT));
        lines.add(data.check("n2", n2));
        lines.add(data.check("n3", n3));
        return lines;
    }

    @Override
    public String status() {
        StringBuilder sb = new StringBuilder();
        for (int node = 1; node <= 3; node++) {
            try {
                Replica r = set.replica(node);
                sb.append("n").append(node).append(": ").append(r == null ? "not running" : r.status()).append('\n');
            } catch (SQLException | RuntimeException e) {
                sb.append("n").append(node).append(": ").append(e).append('\n');
            }
        }
        return sb.toString();
    }

    @Override
    public long[] childPids() {
        return new long[0];
    }

    @Override
    public void close() {
        if (set != null) {
            set.close();
        }
    }
}
