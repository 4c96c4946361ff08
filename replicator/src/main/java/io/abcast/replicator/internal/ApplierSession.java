package io.abcast.replicator.internal;

import io.abcast.replicator.SessionContext;
import org.h2.engine.SessionLocal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;

/**
 * One H2 session of the applier, with the session settings of the commands it applies. Most commands are applied on
 * the main session; a command from a session with extra settings ({@code SET NON_KEYWORDS ...}) is applied on a
 * session opened with those settings, so no setting has to be undone afterwards. Schema and time zone are set per
 * command when they differ.
 *
 * <p>Not thread safe: only the applier thread uses it.
 */
final class ApplierSession implements AutoCloseable {

    /** How long the applier waits for a lock before it aborts the local transactions holding it up. */
    static final int LOCK_TIMEOUT_MILLIS = 50;

    private final Connection conn;
    private final SessionLocal session;
    private final CallExecutor executor;
    private final Map<String, PreparedStatement> stateStatements = new HashMap<>();
    private String schema;
    private String timeZone;

    private ApplierSession(Connection conn) throws SQLException {
        this.conn = conn;
        this.session = SessionHooks.session(conn);
        this.executor = new CallExecutor(conn);
    }

    /** A session on a new connection (manual commit), with the given settings established. */
    static ApplierSession open(Connection conn, Map<String, String> settings) throws SQLException {
        try {
            conn.setAutoCommit(false);
            try (Statement st = conn.createStatement()) {
                // Only local transactions can hold a lock the applier needs; they are aborted, not waited for.
                st.execute("SET LOCK_TIMEOUT " + LOCK_TIMEOUT_MILLIS);
                for (String sql : settings.values()) {
                    st.execute(sql);
                }
            }
            return new ApplierSession(conn);
        } catch (SQLException | RuntimeException e) {
            conn.close();
            throw e;
        }
    }

    Connection connection() {
        return conn;
    }

    SessionLocal h2Session() {
        return session;
    }

    CallExecutor executor() {
        return executor;
    }

    /** A prepared statement of the replication state, kept for the session's life. */
    PreparedStatement stateStatement(String sql) throws SQLException {
        PreparedStatement ps = stateStatements.get(sql);
        if (ps == null) {
            ps = conn.prepareStatement(sql);
            stateStatements.put(sql, ps);
        }
        return ps;
    }

    /** Forgets prepared statements and cached settings (after the database's content was replaced). */
    void forgetStatements() {
        for (PreparedStatement ps : stateStatements.values()) {
            try {
                ps.close();
            } catch (SQLException ignored) {
                // a statement on objects that no longer exist
            }
        }
        stateStatements.clear();
        executor.close();
        schema = null;
        timeZone = null;
    }

    /** Sets the context's time zone and schema where they differ from this session's. */
    void use(SessionContext context) throws SQLException {
        if (!context.timeZone().equals(timeZone)) {
            timeZone = null;
            try (Statement st = conn.createStatement()) {
                st.execute("SET TIME ZONE '" + context.timeZone().replace("'", "''") + "'");
            }
            timeZone = context.timeZone();
        }
        if (!context.schema().equals(schema)) {
            schema = null;
            conn.setSchema(context.schema());
            schema = context.schema();
        }
    }

    @Override
    public void close() throws SQLException {
        executor.close();
        conn.close();
    }
}
