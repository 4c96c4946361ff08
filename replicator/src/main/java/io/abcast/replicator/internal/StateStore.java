package io.abcast.replicator.internal;

import io.abcast.replicator.CommandId;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;

/**
 * The replication state kept inside the replica's own H2 database, in schema {@value #SCHEMA}: the applied position
 * and running hash, and for each session the last request applied (to skip a command delivered again). The applier
 * writes it in the same transaction as the command it records, so after a crash the database and its position
 * agree. The schema also declares {@link DeterministicFunctions}.
 *
 * <p>Not thread safe: only the applier thread uses it.
 */
final class StateStore {

    static final String SCHEMA = "ABCAST";

    private final Map<SessionKey, Long> lastRequests = new HashMap<>();
    private long position;
    private byte[] hash;

    private record SessionKey(String origin, long session) {
    }

    /** Creates the schema if need be (on a connection in manual-commit mode) and reads the state. */
    StateStore(Connection conn) throws SQLException {
        try (Statement st = conn.createStatement()) {
            st.execute("CREATE SCHEMA IF NOT EXISTS " + SCHEMA);
            st.execute("CREATE TABLE IF NOT EXISTS " + SCHEMA + ".STATE(ID INT PRIMARY KEY, "
                    + "POSITION BIGINT NOT NULL, HASH VARBINARY(32) NOT NULL)");
            st.execute("CREATE TABLE IF NOT EXISTS " + SCHEMA + ".SESSIONS(ORIGIN VARCHAR NOT NULL, "
                    + "SESSION BIGINT NOT NULL, REQUEST BIGINT NOT NULL, PRIMARY KEY(ORIGIN, SESSION))");
            String functions = DeterministicFunctions.class.getName();
            st.execute("CREATE ALIAS IF NOT EXISTS " + SCHEMA + ".REPLICATED_UUID FOR '" + functions + ".randomUuid'");
            st.execute("CREATE ALIAS IF NOT EXISTS " + SCHEMA + ".NEXT_ID FOR '" + functions + ".nextId'");
            st.execute("CREATE ALIAS IF NOT EXISTS " + SCHEMA + ".NEXT_VALUE FOR '" + functions + ".nextValue'");
            st.execute("CREATE ALIAS IF NOT EXISTS " + SCHEMA + ".RESERVE FOR '" + functions + ".reserve'");
            st.execute("MERGE INTO " + SCHEMA + ".STATE KEY(ID) SELECT 1, 0, CAST(X'' AS VARBINARY) "
                    + "WHERE NOT EXISTS(SELECT 1 FROM " + SCHEMA + ".STATE)");
            try (ResultSet rs = st.executeQuery("SELECT POSITION, HASH FROM " + SCHEMA + ".STATE WHERE ID = 1")) {
                rs.next();
                position = rs.getLong(1);
                hash = rs.getBytes(2);
            }
            try (ResultSet rs = st.executeQuery("SELECT ORIGIN, SESSION, REQUEST FROM " + SCHEMA + ".SESSIONS")) {
                while (rs.next()) {
                    lastRequests.put(new SessionKey(rs.getString(1), rs.getLong(2)), rs.getLong(3));
                }
            }
        }
        conn.commit();
    }

    long position() {
        return position;
    }

    byte[] hash() {
        return hash.clone();
    }

    /** Whether a command with this id was applied already. */
    boolean isApplied(CommandId id) {
        Long last = lastRequests.get(new SessionKey(id.origin(), id.session()));
        return last != null && last >= id.request();
    }

    /**
     * Records a command as applied, in the connection's current transaction. The in-memory view changes at once;
     * if the transaction then fails to commit, the replica must stop (see {@link Applier}).
     */
    void record(ApplierSession session, CommandId id, long newPosition, byte[] newHash) throws SQLException {
        PreparedStatement update = session.stateStatement("UPDATE " + SCHEMA + ".STATE SET POSITION = ?, HASH = ? "
                + "WHERE ID = 1");
        update.setLong(1, newPosition);
        update.setBytes(2, newHash);
        if (update.executeUpdate() != 1) {
            throw new SQLException("the replication state row " + SCHEMA + ".STATE is missing");
        }
        PreparedStatement merge = session.stateStatement("MERGE INTO " + SCHEMA + ".SESSIONS KEY(ORIGIN, SESSION) "
                + "VALUES (?, ?, ?)");
        merge.setString(1, id.origin());
        merge.setLong(2, id.session());
        merge.setLong(3, id.request());
        merge.executeUpdate();
        lastRequests.put(new SessionKey(id.origin(), id.session()), id.request());
        position = newPosition;
        hash = newHash;
    }
}
