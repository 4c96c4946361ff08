package io.abcast.jdbc.internal;

import io.abcast.jdbc.Consistency;
import io.abcast.replicator.KeyRequest;
import io.abcast.replicator.Outcome;
import io.abcast.replicator.Replicator;
import io.abcast.replicator.Rows;
import io.abcast.replicator.SqlCall;
import io.abcast.replicator.SqlCall.Method;
import io.abcast.replicator.SqlStates;
import io.abcast.replicator.internal.DeterministicFunctions;

import java.sql.SQLException;
import java.sql.SQLTransactionRollbackException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Identity and sequence values for the tentative runs of this node's transactions. A tentative run must not draw
 * from H2's sequences (a draw is never rolled back, so this replica would diverge); it takes values this node
 * reserved: blocks drawn from the real sequence by a replicated command ({@code ABCAST.RESERVE}), so every replica
 * advances the sequence alike and no other node or autocommit insert gets the same values.
 *
 * <p>Thread safe; one per replica.
 */
final class IdAllocator implements DeterministicFunctions.Drawer {

    private static final int BLOCK = 100;
    private static final Map<Replicator, IdAllocator> ALLOCATORS = new ConcurrentHashMap<>();

    private final ReplicationSession session;
    private final Map<String, Block> reserved = new HashMap<>();

    /** The values reserved for one key, and who draws from them now. */
    private static final class Block {
        final ReentrantLock lock = new ReentrantLock();
        final Deque<Long> values = new ArrayDeque<>();
    }

    private IdAllocator(Replicator replica, Duration timeout) {
        this.session = new ReplicationSession(replica, Consistency.LOCAL, timeout, "UTC");
    }

    /** The allocator of a replica. */
    static IdAllocator of(Replicator replica, Duration timeout) {
        return ALLOCATORS.computeIfAbsent(replica, r -> new IdAllocator(r, timeout));
    }

    @Override
    public long next(String key, String schema, String name, String column) throws SQLException {
        return next(key, schema, name, column, new CompletableFuture<>());
    }

    /**
     * The next reserved value for the key, reserving a block if need be; the wait for a reservation ends early, with
     * 40001, when {@code aborted} completes (the transaction drawing was aborted: its statement must end so that its
     * rollback can proceed).
     */
    long next(String key, String schema, String name, String column, CompletableFuture<Void> aborted)
            throws SQLException {
        Block block;
        synchronized (reserved) {
            block = reserved.computeIfAbsent(key, k -> new Block());
        }
        try {
            // Never wait where an abort cannot reach: the transaction's statement must end for its rollback.
            while (!block.lock.tryLock(10, TimeUnit.MILLISECONDS)) {
                if (aborted.isDone()) {
                    throw new SQLTransactionRollbackException("the transaction was aborted", SqlStates.CONFLICT);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted while drawing a value for " + key, SqlStates.CONFLICT, e);
        }
        try {
            if (block.values.isEmpty()) {
                reserve(block.values, schema, name, column, aborted);
            }
            return block.values.removeFirst();
        } finally {
            block.lock.unlock();
        }
    }

    private void reserve(Deque<Long> block, String schema, String name, String column,
                         CompletableFuture<Void> aborted) throws SQLException {
        SqlCall call = SqlCall.prepared(Method.QUERY, "SELECT ABCAST.RESERVE(?, ?, ?, ?)",
                new Object[] {schema, name, column, BLOCK}, KeyRequest.NONE);
        Outcome outcome = session.write(call, "PUBLIC", aborted);
        Rows rows = outcome.results().get(0).resultSet();
        for (Object value : (Object[]) rows.rows().get(0)[0]) {
            block.addLast(((Number) value).longValue());
        }
    }
}
