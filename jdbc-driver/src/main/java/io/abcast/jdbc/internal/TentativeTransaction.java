package io.abcast.jdbc.internal;

import io.abcast.replicator.Certification;
import io.abcast.replicator.CommandId;
import io.abcast.replicator.LocalTransaction;
import io.abcast.replicator.Observation;
import io.abcast.replicator.Outcome.CallResult;
import io.abcast.replicator.Replicator;
import io.abcast.replicator.SqlCall;
import io.abcast.replicator.SqlStates;
import io.abcast.replicator.internal.CallExecutor;
import io.abcast.replicator.internal.DeterministicFunctions;
import io.abcast.replicator.internal.SessionHooks;
import org.h2.engine.SessionLocal;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransactionRollbackException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One transaction's tentative run on the local replica: every statement runs at once on the application's own H2
 * session (so it reads its own writes and gets H2's results), and is logged with what it observed and the sequence
 * values it drew. At commit the tentative work is rolled back and the log is broadcast; every replica runs it again
 * at its place in the order and commits only if every statement observes the same ({@link Certification}).
 *
 * <h2>Determinism</h2>
 * The tentative run uses the transaction's frozen time, random seed and UUID source, the same the replicas will use,
 * and draws identity and sequence values from values this node reserved ({@link IdAllocator}), never from H2's
 * shared sequences.
 *
 * <h2>Locks</h2>
 * The applier never waits for it: when its locks hold the applier up, {@link #abort} rolls it back from the
 * applier's thread, and its owner's next call fails with 40001.
 *
 * <p>Used by its connection's thread, except {@link #abort}.
 */
final class TentativeTransaction implements LocalTransaction {

    /** A statement of the transaction and what it observed. */
    private record Entry(SqlCall call, byte[] observation, boolean write, boolean failed, List<Draw> draws) {
    }

    /** A value drawn from a sequence, by key. */
    private record Draw(String key, long value) {
    }

    private final Connection raw;
    private final SessionLocal session;
    private final Replicator replica;
    private final IdAllocator allocator;
    private final CallExecutor executor;
    private final CommandId id;
    private final Instant timestamp = Instant.now();
    private final long seed = java.util.concurrent.ThreadLocalRandom.current().nextLong();
    private final List<Entry> log = new ArrayList<>();
    private final DeterministicFunctions.Context context;
    /** The draws of the statement running now, or null; a replay hands out the recorded ones instead. */
    private List<Draw> drawing;
    private List<Draw> replaying;
    private volatile String doomed;
    private final java.util.concurrent.CompletableFuture<Void> aborted = new java.util.concurrent.CompletableFuture<>();
    private boolean registered;
    /** Whether the owner counted this transaction's abort. */
    private boolean abortCounted;
    private final Object endLock = new Object();
    /** Guarded by endLock: after it, {@link #abort} leaves the session alone. */
    private boolean ended;

    TentativeTransaction(Connection raw, Replicator replica, IdAllocator allocator, CommandId id) throws SQLException {
        this.raw = raw;
        this.session = SessionHooks.session(raw);
        this.replica = replica;
        this.allocator = allocator;
        this.executor = new CallExecutor(raw);
        this.id = id;
        this.context = new DeterministicFunctions.Context(id, seed, timestamp, java.util.Map.of(), this::draw);
        SessionHooks.seedRandom(session, seed);
    }

    CommandId id() {
        return id;
    }

    Instant timestamp() {
        return timestamp;
    }

    long seed() {
        return seed;
    }

    boolean isEmpty() {
        return log.isEmpty();
    }

    /** The number of statements logged, a savepoint's place. */
    int size() {
        return log.size();
    }

    boolean hasWrites() {
        for (Entry e : log) {
            if (e.write() && !e.failed()) {
                return true;
            }
        }
        return false;
    }

    /**
     * Runs one statement tentatively and logs it.
     *
     * @return H2's result, read whole
     * @throws SQLException H2's error (logged too: the replicas must fail the same way), or 40001 if aborted
     */
    CallResult run(SqlCall call, boolean write) throws SQLException {
        checkDoomed();
        if (write && !registered) {
            replica.register(this);
            registered = true;
        }
        drawing = new ArrayList<>();
        try {
            CallResult result = execute(call);
            log.add(new Entry(call, Observation.of(result), write, false, drawing));
            checkDoomed();
            return result;
        } catch (SQLException e) {
            checkDoomed();
            if (isLockConflict(e)) {
                // Another transaction open on this node holds what this one needs: as with a conflict at commit.
                // (H2 may have rolled the whole transaction back already, as it does a deadlock's victim.)
                doom("it conflicted with another transaction open on this node");
                countAbort();
                throw new SQLTransactionRollbackException("the transaction conflicts with another one open on this "
                        + "node (" + e.getMessage().lines().findFirst().orElse("") + "); roll it back and retry",
                        SqlStates.CONFLICT, e.getErrorCode(), e);
            }
            log.add(new Entry(call, Observation.of(e), write, true, drawing));
            if (write) {
                // After a failed write, H2 can leave a row lock that other sessions spin on, lock timeout or not,
                // until this transaction ends: end it, and run the logged statements again.
                replay(log.size());
            }
            throw e;
        } finally {
            drawing = null;
        }
    }

    private CallResult execute(SqlCall call) throws SQLException {
        DeterministicFunctions.enter(context);
        try {
            SessionHooks.freezeTime(session, timestamp);
            return executor.run(call, true);
        } finally {
            DeterministicFunctions.exit();
        }
    }

    private long draw(String key, String schema, String name, String column) throws SQLException {
        long value;
        if (replaying != null) {
            if (replaying.isEmpty() || !replaying.get(0).key().equals(key)) {
                throw new SQLException("the statement draws other values than when it first ran", "40001");
            }
            value = replaying.remove(0).value();
        } else {
            value = allocator.next(key, schema, name, column, aborted);
        }
        if (drawing != null) {
            drawing.add(new Draw(key, value));
        }
        return value;
    }

    /**
     * Rolls the tentative work back and runs the first {@code keep} logged statements again (those that did not
     * fail), so that the session is in the state they leave; if one now observes something else, the transaction is
     * doomed.
     */
    void replay(int keep) throws SQLException {
        raw.rollback();
        List<Entry> kept = new ArrayList<>(log.subList(0, keep));
        log.clear();
        context.restart();
        SessionHooks.seedRandom(session, seed);
        for (Entry e : kept) {
            if (e.failed()) {
                log.add(e);
                continue;
            }
            replaying = new ArrayList<>(e.draws());
            byte[] observed;
            try {
                observed = Observation.of(execute(e.call()));
            } catch (SQLException x) {
                observed = Observation.of(x);
            } finally {
                replaying = null;
            }
            log.add(e);
            if (!java.util.Arrays.equals(observed, e.observation())) {
                doom("a statement observes other data when the transaction is run again");
            }
        }
    }

    /** The statements to broadcast, with what each observed and the values drawn. */
    List<SqlCall> calls() {
        List<SqlCall> calls = new ArrayList<>(log.size());
        for (Entry e : log) {
            calls.add(e.call());
        }
        return calls;
    }

    Certification certification() {
        List<byte[]> observations = new ArrayList<>(log.size());
        SortedMap<String, List<Long>> byKey = new TreeMap<>();
        for (Entry e : log) {
            observations.add(e.observation());
            for (Draw d : e.draws()) {
                byKey.computeIfAbsent(d.key(), k -> new ArrayList<>()).add(d.value());
            }
        }
        SortedMap<String, long[]> draws = new TreeMap<>();
        byKey.forEach((key, values) -> draws.put(key, values.stream().mapToLong(Long::longValue).toArray()));
        return new Certification(observations, draws);
    }

    /** Ends the tentative work (rolled back, or committed when read-only) and stops being abortable. */
    void end(boolean commit) throws SQLException {
        synchronized (endLock) {
            ended = true;
        }
        try {
            if (commit) {
                raw.commit();
            } else {
                raw.rollback();
            }
        } finally {
            if (registered) {
                replica.unregister(this);
                registered = false;
            }
            executor.close();
        }
    }

    /** H2's lock timeout, deadlock and concurrent update errors. */
    private static boolean isLockConflict(SQLException e) {
        int code = e.getErrorCode();
        return code == 50200 || code == 40001 || code == 90131;
    }

    void checkDoomed() throws SQLException {
        String reason = doomed;
        if (reason != null) {
            countAbort();
            throw new SQLTransactionRollbackException("the transaction was aborted: " + reason + "; nothing of it was "
                    + "applied, retry it", SqlStates.CONFLICT);
        }
    }

    /** The owner learns that the transaction aborted: counted once in the replica's aborts. */
    private void countAbort() {
        if (!abortCounted) {
            abortCounted = true;
            replica.aborted();
        }
    }

    private void doom(String reason) {
        synchronized (this) {
            if (doomed == null) {
                doomed = reason;
            }
        }
        aborted.complete(null);
    }

    /**
     * Dooms the transaction and rolls it back, unless it ended already: its session may be running the owner's next
     * transaction by now, which must not be touched. Holds {@link #end} back meanwhile.
     */
    @Override
    public void abort() {
        synchronized (endLock) {
            if (ended) {
                return;
            }
            doom("its locks held up the replica's applier, which never waits for a local transaction");
            session.cancel();
            try {
                raw.rollback();
            } catch (SQLException ignored) {
                // the owner learns of the abort at its next call, which is what matters
            }
        }
    }
}
