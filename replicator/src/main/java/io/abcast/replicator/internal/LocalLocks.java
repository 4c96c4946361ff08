package io.abcast.replicator.internal;

import io.abcast.replicator.CommandId;
import org.h2.engine.SessionLocal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.SQLException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The applier's way past the locks of local transactions, which never hold it up for long: when a command finds a
 * row locked, its transaction (the group of commands it is applied with) is undone, the local transactions are
 * aborted, and the group is executed again from the start. Local transactions have no effect on replicated state, so
 * the retried group gives what it would have given without them.
 *
 * <p>Applier thread only.
 */
final class LocalLocks {

    /** One execution of a group of commands; their own failures are their outcomes, a lock conflict is thrown. */
    interface Attempt<T> {
        T run() throws SQLException;
    }

    private static final Logger LOG = LoggerFactory.getLogger(LocalLocks.class);

    /**
     * How long a command held up by local sessions' locks is tried again before the replica gives up: local
     * transactions end when aborted, so this is only reached when H2 itself misbehaves.
     */
    private static final long PATIENCE_NANOS = TimeUnit.SECONDS.toNanos(30);

    private final String node;
    private final Applier.Sink sink;
    private final ApplierSessions sessions;

    LocalLocks(String node, Applier.Sink sink, ApplierSessions sessions) {
        this.node = node;
        this.sink = sink;
        this.sessions = sessions;
    }

    /**
     * Runs the attempt until no local lock holds it up (or the patience runs out: the lock conflict is thrown). After
     * a conflict the whole transaction is rolled back (H2 rolls back a deadlock victim's whole transaction anyway),
     * so the attempt starts again from where its transaction began.
     */
    <T> T execute(ApplierSession session, CommandId id, Attempt<T> attempt) throws SQLException {
        long started = System.nanoTime();
        boolean heldUp = false;
        try {
            for (int tries = 1; ; tries++) {
                try {
                    return attempt.run();
                } catch (SQLException e) {
                    long waited = System.nanoTime() - started;
                    if (!Errors.isLockConflict(e) || waited > PATIENCE_NANOS) {
                        throw e;
                    }
                    // Release this command's own locks first: an aborted local statement may be waiting for them.
                    session.connection().rollback();
                    heldUp = true;
                    if (!sink.abortLocalTransactions() && !rollBackStrayTransactions(session)) {
                        // Whoever holds the lock is ending its transaction right now: give it a moment.
                        LockSupport.parkNanos(1_000_000);
                    }
                    if (tries % 20 == 0) {
                        LOG.warn("{}: {} is held up by local sessions' locks: {} attempts in {} ms", node, id, tries,
                                waited / 1_000_000);
                    }
                }
            }
        } finally {
            if (heldUp) {
                sink.commandDone();
            }
        }
    }

    /**
     * The last resort when no registered local transaction holds the lock: rolls back the open write transaction of
     * every other session on the database (a local transaction that escaped registration); whether there was one.
     * Its owner's transaction is certified at commit like any other, so this can abort it but never corrupt it.
     */
    private boolean rollBackStrayTransactions(ApplierSession own) {
        int rolledBack = 0;
        for (SessionLocal other : own.h2Session().getDatabase().getSessions(false)) {
            if (sessions.owns(other) || !other.hasPendingTransaction()) {
                continue;
            }
            LOG.warn("{}: rolling back the open transaction of H2 session {}: it holds locks the applier needs and "
                    + "is not a registered local transaction", node, other);
            other.cancel();
            other.lock();
            try {
                other.rollback();
            } finally {
                other.unlock();
            }
            rolledBack++;
        }
        return rolledBack > 0;
    }
}
