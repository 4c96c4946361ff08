package io.abcast.bench;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** What every target shares: the client connections, the set-up statements, and closing them. */
abstract class AbstractTarget implements Target {

    /** H2's user for every target. */
    static final String USER = "sa";

    private final String name;
    private final List<Connection> connections = new ArrayList<>();

    AbstractTarget(String name) {
        this.name = name;
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final Connection connection(int index) {
        return connections.get(index);
    }

    /** Keeps a client connection, to be handed out in the order added and closed by {@link #closeConnections}. */
    final void addConnection(Connection connection) {
        connections.add(connection);
    }

    final int connectionCount() {
        return connections.size();
    }

    final void closeConnections() {
        for (Connection c : connections) {
            try {
                c.close();
            } catch (SQLException e) {
                System.err.println(name + ": closing a connection: " + e);
            }
        }
        connections.clear();
    }

    @Override
    public void setUp(List<String> statements) throws Exception {
        try (Statement st = connection(0).createStatement()) {
            for (String sql : statements) {
                st.executeUpdate(sql);
            }
        }
        awaitSetUp();
    }

    /** After the set-up statements ran on the first connection: waits until every replica written through has them. */
    void awaitSetUp() throws Exception {
    }
}
