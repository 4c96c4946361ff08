package io.abcast.bench;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** What every target shares: the table, the client connections, and closing them. */
abstract class AbstractTarget implements Target {

    /** The benchmark table. */
    static final String CREATE_TABLE =
            "CREATE TABLE BENCH(ID BIGINT PRIMARY KEY, THREAD INT NOT NULL, PAYLOAD VARCHAR(200) NOT NULL)";

    /** The one statement measured. */
    static final String INSERT = "INSERT INTO BENCH(ID, THREAD, PAYLOAD) VALUES (?, ?, ?)";

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

    static void createTable(Connection connection) throws SQLException {
        try (Statement st = connection.createStatement()) {
            st.executeUpdate(CREATE_TABLE);
        }
    }

    /** The number of rows and the sum of their ids, e.g. "rows=1000 sumId=500500". */
    static String rowSummary(Connection connection) throws SQLException {
        try (Statement st = connection.createStatement();
             ResultSet rs = st.executeQuery("SELECT COUNT(*), COALESCE(SUM(ID), 0) FROM BENCH")) {
            rs.next();
            return "rows=" + rs.getLong(1) + " sumId=" + rs.getLong(2);
        }
    }

    /** A check line comparing a connection's row count with the expected one. */
    static CheckLine countCheck(String what, Connection connection, long expectedRows) throws SQLException {
        String summary = rowSummary(connection);
        boolean ok = summary.startsWith("rows=" + expectedRows + " ");
        return new CheckLine(ok, what + ": " + summary + (ok ? "" : " (expected rows=" + expectedRows + ")"));
    }
}
