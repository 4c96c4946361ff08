package io.abcast.replicator.internal;

import io.abcast.replicator.LocalTransaction;
import io.abcast.replicator.SqlStates;

import java.sql.SQLException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The local transactions open on a replica, which the applier aborts when their locks hold it up; while it gets one
 * command past them, no new local transaction may take a lock.
 *
 * <p>Thread safe.
 */
public final class LocalGate {

    private final Set<LocalTransaction> open = new HashSet<>();
    private boolean applierHeldUp;
    private boolean closed;

    /** Registers a local transaction before its first lock; waits while the applier has priority. */
    public synchronized void register(LocalTransaction transaction) throws SQLException {
        while (applierHeldUp && !closed) {
            try {
                wait();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SQLException("interrupted while the replica's applier had priority", SqlStates.CONFLICT, e);
            }
        }
        open.add(transaction);
    }

    public synchronized void unregister(LocalTransaction transaction) {
        open.remove(transaction);
    }

    /** Aborts every open local transaction and holds new ones back; how many there were. */
    public int abortAll() {
        List<LocalTransaction> aborting;
        synchronized (this) {
            applierHeldUp = true;
            aborting = List.copyOf(open);
        }
        aborting.forEach(LocalTransaction::abort);
        return aborting.size();
    }

    /** The applier is through: local transactions may take locks again. */
    public synchronized void release() {
        if (applierHeldUp) {
            applierHeldUp = false;
            notifyAll();
        }
    }

    /** No one waits any more. */
    public synchronized void close() {
        closed = true;
        notifyAll();
    }
}
