package io.abcast.jdbc.internal;

import io.abcast.jdbc.Consistency;
import io.abcast.jdbc.internal.sql.Classification;
import io.abcast.jdbc.internal.sql.Classifier;
import io.abcast.replicator.Command;
import io.abcast.replicator.CommandId;
import io.abcast.replicator.Outcome;
import io.abcast.replicator.Replicator;
import io.abcast.replicator.SessionContext;
import io.abcast.replicator.SqlCall;
import io.abcast.replicator.SqlStates;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLTransactionRollbackException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One connection's side of replication: what it may run, the commands it broadcasts (numbered, so a command
 * delivered twice is applied once), the outcomes it waits for, and what its reads wait for.
 *
 * <p>Used by one thread at a time, like the connection it belongs to.
 */
final class ReplicationSession {

    private static final AtomicLong SESSIONS = new AtomicLong(ThreadLocalRandom.current().nextLong() & ~0xffffffffL);

    private final Replicator replica;
    private final Consistency consistency;
    private final Duration timeout;
    private final long session = SESSIONS.incrementAndGet();
    private final SortedMap<String, String> settings = new TreeMap<>();
    private String timeZone;
    private ZoneId zone;
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong lastWritePosition = new AtomicLong();

    ReplicationSession(Replicator replica, Consistency consistency, Duration timeout, String timeZone) {
        this.replica = replica;
        this.consistency = consistency;
        this.timeout = timeout;
        this.timeZone = timeZone;
        this.zone = SessionSettings.zoneId(timeZone);
    }

    Replicator replica() {
        return replica;
    }

    long lastWritePosition() {
        return lastWritePosition.get();
    }

    /**
     * Checks what the SQL is and whether the session may run it now.
     *
     * @throws SQLException (0A000) for SQL that cannot be replicated, with the reason and what to do instead
     */
    Classification classify(String sql) throws SQLException {
        Classification c = Classifier.classify(sql);
        switch (c.kind()) {
            case REFUSED:
                replica.refused();
                throw new SQLFeatureNotSupportedException(c.reason() + ": " + sql, SqlStates.NOT_SUPPORTED);
            default:
                return c;
        }
    }

    /**
     * Takes note of a session setting this node's session just accepted: later commands carry it, so replicas
     * apply them under it too.
     */
    void settingApplied(Classification c, String sql, Connection conn) throws SQLException {
        if (c.setting() == null) {
            return; // the schema, read from the session at each write
        }
        if (c.setting().equals("TIME ZONE")) {
            timeZone = SessionSettings.timeZone(conn);
            zone = SessionSettings.zoneId(timeZone);
        } else {
            settings.put(c.setting(), sql);
        }
    }

    /** The session's time zone, which legacy date and time parameters are read in, as H2 reads them. */
    ZoneId zone() {
        return zone;
    }

    /**
     * Broadcasts one call, applied under the given schema, and waits for its outcome on this replica.
     *
     * @throws SQLException H2's own error if the call failed (nothing of it was applied anywhere), or abcast's when
     *                      the command could not be broadcast or its outcome is unknown
     */
    Outcome write(SqlCall call, String schema) throws SQLException {
        return write(call, schema, null);
    }

    /**
     * As {@link #write(SqlCall, String)}; the wait ends early, with 40001, when {@code aborted} completes. Safe to
     * call from several threads.
     */
    Outcome write(SqlCall call, String schema, CompletableFuture<Void> aborted) throws SQLException {
        Command command = new Command(nextId(), new SessionContext(schema, timeZone, Instant.now(),
                ThreadLocalRandom.current().nextLong(), settings), List.of(call));
        return outcome(await(replica.submit(command), aborted));
    }

    /** A new id for a command of this session. */
    CommandId nextId() {
        return new CommandId(replica.node(), session, requests.incrementAndGet());
    }

    /** The context a transaction's command carries: the session's state, and the time and seed it ran with. */
    SessionContext context(String schema, Instant timestamp, long seed) {
        return new SessionContext(schema, timeZone, timestamp, seed, settings);
    }

    /**
     * Broadcasts a transaction and waits for its outcome on this replica.
     *
     * @throws SQLException 40001 if it conflicts with a transaction ordered before it (nothing of it applied)
     */
    void commit(Command command) throws SQLException {
        outcome(await(replica.submit(command), null));
    }

    private Outcome outcome(Outcome outcome) throws SQLException {
        lastWritePosition.accumulateAndGet(outcome.position(), Math::max);
        if (outcome.failed()) {
            SQLException error = outcome.error();
            error.addSuppressed(new SQLException("the statement was applied in order on every replica, where it "
                    + "failed as above and left no trace; this is the caller's stack"));
            throw error;
        }
        return outcome;
    }

    private Outcome await(CompletableFuture<Outcome> future, CompletableFuture<Void> aborted) throws SQLException {
        try {
            if (aborted != null) {
                CompletableFuture.anyOf(future, aborted).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                if (!future.isDone()) {
                    throw new SQLTransactionRollbackException("the transaction was aborted while it waited; nothing "
                            + "of it was applied, retry it", SqlStates.CONFLICT);
                }
            }
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new SQLException("no outcome after " + timeout.toMillis() + " ms (abcast.timeout): the write may "
                    + "or may not be applied; check before retrying", SqlStates.OUTCOME_UNKNOWN, e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof SQLException sql) {
                throw new SQLException(sql.getMessage(), sql.getSQLState(), sql.getErrorCode(), sql);
            }
            throw new SQLException("the write failed: " + cause, SqlStates.OUTCOME_UNKNOWN, cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted while waiting for the outcome: the write may or may not be applied",
                    SqlStates.OUTCOME_UNKNOWN, e);
        }
    }

    /** Waits until the local replica shows what the consistency level asks for. */
    void beforeRead() throws SQLException {
        if (consistency == Consistency.LINEARIZABLE) {
            // A barrier in the total order: once this replica applied it, it applied every write acknowledged
            // before the read began (an acknowledged write is ordered before anything sent after).
            Command barrier = new Command(nextId(), new SessionContext("PUBLIC", timeZone, Instant.now(), 0, settings),
                    List.of());
            outcome(await(replica.submit(barrier), null));
            return;
        }
        long last = lastWritePosition.get();
        if (consistency == Consistency.SESSION && replica.appliedPosition() < last) {
            replica.awaitApplied(last, timeout);
        }
    }
}
