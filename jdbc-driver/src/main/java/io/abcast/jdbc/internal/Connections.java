package io.abcast.jdbc.internal;

import io.abcast.replicator.Replica;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Properties;

/** Opens abcast connections: the replica of the database (started on first use) and an H2 connection to it. */
public final class Connections {

    private Connections() {
    }

    /**
     * Opens a connection for a {@code jdbc:abcast:} URL.
     *
     * @throws SQLException for a bad setting, or when the replica or the database cannot be opened
     */
    public static Connection open(String url, Properties info) throws SQLException {
        ConnectionSettings settings = ConnectionSettings.parse(url, info);
        Replica replica = Replicas.get(settings);
        Connection h2 = new org.h2.Driver().connect(settings.h2Url(), settings.h2Info());
        try {
            return new AbcastConnection(h2, replica, settings, replica.timeout());
        } catch (SQLException | RuntimeException e) {
            h2.close();
            throw e;
        }
    }
}
