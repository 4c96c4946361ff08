package io.abcast.bench;

import org.h2.tools.CreateCluster;
import org.h2.tools.Server;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.List;

/**
 * H2's own cluster mode: two H2 TCP servers in this JVM, each with its own base directory, joined by
 * {@link CreateCluster}; clients connect with both servers in the URL, and H2's client sends every write to each.
 * The servers listen on loopback only ({@code h2.bindAddress}, set by {@link BenchMain}).
 */
final class H2ClusterTarget extends AbstractTarget {

    private static final String DB = "bench";

    private final Path dir;
    private final List<Server> servers = new ArrayList<>();
    private final List<Integer> ports = new ArrayList<>();

    H2ClusterTarget(Path dir) {
        super("h2-cluster-2");
        this.dir = dir;
    }

    @Override
    public void start(int connections) throws Exception {
        for (int i = 1; i <= 2; i++) {
            int port = Ports.freeRange(1);
            Server server = Server.createTcpServer("-tcpPort", Integer.toString(port), "-baseDir",
                    dir.toAbsolutePath().resolve("s" + i).toString(), "-ifNotExists");
            servers.add(server.start());
            ports.add(server.getPort());
        }
        String serverList = "127.0.0.1:" + ports.get(0) + ",127.0.0.1:" + ports.get(1);
        new CreateCluster().execute(singleUrl(0), singleUrl(1), USER, "", serverList);
        String url = "jdbc:h2:tcp://" + serverList + "/" + DB;
        for (int i = 0; i < connections; i++) {
            addConnection(DriverManager.getConnection(url, USER, ""));
        }
    }

    /** One server alone, e.g. to compare; {@code CLUSTER=''} lets a client in although the database is clustered. */
    private String singleUrl(int server) {
        return "jdbc:h2:tcp://127.0.0.1:" + ports.get(server) + "/" + DB;
    }

    @Override
    public List<CheckLine> check(DataCheck data) throws Exception {
        List<CheckLine> lines = new ArrayList<>();
        for (int i = 0; i < servers.size(); i++) {
            try (Connection c = DriverManager.getConnection(singleUrl(i) + ";CLUSTER=''", USER, "")) {
                lines.add(data.check("server " + (i + 1), c));
            }
        }
        return lines;
    }

    @Override
    public void close() {
        closeConnections();
        for (Server server : servers) {
            server.stop();
        }
        servers.clear();
    }
}
