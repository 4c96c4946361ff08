package io.abcast.replicator.internal;

import org.h2.engine.SessionLocal;

import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The applier's H2 sessions: the main one, and one per distinct set of extra session settings, the least recently
 * used closed beyond a few. A session with given settings behaves the same whether it was opened long ago or just
 * now, so which ones are kept open does not change what commands do.
 *
 * <p>Not thread safe: only the applier thread uses it.
 */
final class ApplierSessions implements AutoCloseable {

    private static final int MAX_EXTRA_SESSIONS = 16;

    private final Applier.ConnectionFactory connections;
    private final ApplierSession main;
    private final Map<Map<String, String>, ApplierSession> extra = new LinkedHashMap<>(16, 0.75f, true);

    ApplierSessions(Applier.ConnectionFactory connections) throws SQLException {
        this.connections = connections;
        this.main = ApplierSession.open(connections.open(), Map.of());
    }

    ApplierSession main() {
        return main;
    }

    /** The session for commands with these extra settings, opened if need be. */
    ApplierSession forSettings(Map<String, String> settings) throws SQLException {
        if (settings.isEmpty()) {
            return main;
        }
        ApplierSession session = extra.get(settings);
        if (session == null) {
            session = ApplierSession.open(connections.open(), settings);
            extra.put(new TreeMap<>(settings), session);
            if (extra.size() > MAX_EXTRA_SESSIONS) {
                var eldest = extra.entrySet().iterator().next();
                extra.remove(eldest.getKey());
                closeQuietly(eldest.getValue());
            }
        }
        return session;
    }

    /** Whether the H2 session is one of the applier's. */
    boolean owns(SessionLocal session) {
        if (main.h2Session() == session) {
            return true;
        }
        for (ApplierSession s : extra.values()) {
            if (s.h2Session() == session) {
                return true;
            }
        }
        return false;
    }

    /** Closes the sessions opened for extra settings (e.g. before the database's content is replaced). */
    void resetExtra() {
        extra.values().forEach(ApplierSessions::closeQuietly);
        extra.clear();
    }

    void rollbackQuietly() {
        try {
            main.connection().rollback();
            for (ApplierSession s : extra.values()) {
                s.connection().rollback();
            }
        } catch (SQLException ignored) {
            // the applier is stopping because of an earlier failure, which is what gets reported
        }
    }

    @Override
    public void close() {
        extra.values().forEach(ApplierSessions::closeQuietly);
        extra.clear();
        closeQuietly(main);
    }

    private static void closeQuietly(ApplierSession session) {
        try {
            session.close();
        } catch (SQLException ignored) {
            // closing a session the applier no longer needs
        }
    }
}
