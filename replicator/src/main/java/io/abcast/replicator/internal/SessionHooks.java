package io.abcast.replicator.internal;

import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.util.DateTimeUtils;

import java.lang.reflect.Field;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Random;

/**
 * Freezes what H2 would otherwise take from the moment and the machine, in the applier's H2 session: the current
 * timestamp (every {@code CURRENT_TIMESTAMP}, {@code NOW()}, {@code CURRENT_DATE}, ... of a statement, including in
 * column defaults, {@code ON UPDATE} expressions and generated columns, reads the session's cached timestamp) and the
 * session's random generator ({@code RAND()}). H2 has no public API for either, so this sets the two fields of
 * {@link SessionLocal} that hold them; {@link #check} verifies at start-up that they are there, so a different H2
 * version fails loudly instead of replicating unfrozen values.
 */
public final class SessionHooks {

    private static final Field CURRENT_TIMESTAMP = field("currentTimestamp");
    private static final Field RANDOM = field("random");

    private SessionHooks() {
    }

    private static Field field(String name) {
        try {
            Field f = SessionLocal.class.getDeclaredField(name);
            f.setAccessible(true);
            return f;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    /** Throws unless this H2 has the fields the hooks set. */
    static void check() throws SQLException {
        if (CURRENT_TIMESTAMP == null || RANDOM == null) {
            throw new SQLException("this H2 version (" + org.h2.engine.Constants.FULL_VERSION + ") has no "
                    + "SessionLocal.currentTimestamp/random fields; abcast cannot freeze time and random numbers with "
                    + "it: use the H2 version abcast was built with", "0A000");
        }
    }

    public static SessionLocal session(Connection conn) throws SQLException {
        return (SessionLocal) conn.unwrap(JdbcConnection.class).getSession();
    }

    /** Makes the session's current timestamp this instant, in the session's time zone, until it ends a statement. */
    public static void freezeTime(SessionLocal session, Instant instant) {
        set(CURRENT_TIMESTAMP, session, DateTimeUtils.currentTimestamp(session.currentTimeZone(), instant));
    }

    /** Gives the session a random generator with this seed. */
    /**
     * A savepoint in the session's transaction, made directly rather than through {@code Connection.setSavepoint}
     * (which parses a {@code SAVEPOINT} statement each time).
     */
    static SessionLocal.Savepoint savepoint(SessionLocal session) {
        session.lock();
        try {
            return session.setSavepoint();
        } finally {
            session.unlock();
        }
    }

    /** Undoes what the session's transaction did since the savepoint. */
    static void rollbackTo(SessionLocal session, SessionLocal.Savepoint savepoint) {
        session.lock();
        try {
            session.rollbackTo(savepoint);
        } finally {
            session.unlock();
        }
    }

    public static void seedRandom(SessionLocal session, long seed) {
        set(RANDOM, session, new Random(seed));
    }

    private static void set(Field field, SessionLocal session, Object value) {
        try {
            field.set(session, value);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("cannot set SessionLocal." + field.getName(), e);
        }
    }
}
