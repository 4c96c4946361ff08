package io.abcast.replicator.internal;

import io.abcast.replicator.CommandId;
import io.abcast.replicator.Outcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * Applies delivered commands to the replica's H2 database, in delivery order, on one thread. The commands delivered
 * while it was busy are applied together ({@link GroupCommit}): one transaction, each command under its own
 * savepoint, and the new position, running hash and commands' ids recorded once, in the same transaction. A command
 * that can end a transaction by itself (a definition statement) is applied alone.
 *
 * <h2>Determinism</h2>
 * Applying depends only on the database's state and the command: its session settings, schema and time zone are
 * set, its frozen timestamp and random seed installed in the H2 session ({@link SessionHooks}), and its UUIDs drawn
 * from its seed ({@link DeterministicFunctions}). An error the command causes is its outcome (the command is
 * rolled back to its savepoint, the position still advances), and is the same on every replica.
 *
 * <h2>Failure</h2>
 * Any other failure (an error of the environment, see {@link Errors}, or one writing the replication state) stops
 * the applier for good and is reported to the {@link Sink}: a replica that cannot apply what its peers applied must
 * not go on as if it had.
 */
public final class Applier implements Runnable {

    /** Where outcomes go. Called on the applier thread. */
    public interface Sink {
        /** Whether someone on this replica waits for this command's results. */
        boolean wantsResults(CommandId id);

        /** The command is committed at {@code outcome.position()}. */
        void applied(CommandId id, Outcome outcome);

        /** The command was applied before and was skipped. */
        void skipped(CommandId id);

        /**
         * Aborts the local transactions that may hold locks the applier needs, and keeps new ones from taking locks
         * until {@link #commandDone}; whether there were any.
         */
        boolean abortLocalTransactions();

        /** The command that local transactions held up is through: they may take locks again. */
        void commandDone();

        /** The applier stopped for good. */
        void stopped(Throwable cause);
    }

    /** Opens connections to the replica's database. */
    public interface ConnectionFactory {
        Connection open() throws SQLException;
    }

    private static final Logger LOG = LoggerFactory.getLogger(Applier.class);
    private static final Object STOP = new Object();
    /** At most how many delivered commands share one transaction. */
    private static final int MAX_GROUP = 128;
    private static final int QUEUE_CAPACITY = 50_000;

    private final String node;
    private final ApplierSessions sessions;
    private final StateStore state;
    private final AppliedPosition applied;
    private final Sink sink;
    private final GroupCommit groups;
    private final BlockingQueue<Object> queue = new LinkedBlockingQueue<>(QUEUE_CAPACITY);
    /** The epoch new commands are applied in; set when a primary view is synchronized. */
    private long epoch;
    private boolean trusted;
    private boolean stopped;

    public Applier(String node, ConnectionFactory connections, long retainedLogBytes, AppliedPosition applied, Sink sink,
                   Metrics metrics) throws SQLException {
        SessionHooks.check();
        this.node = node;
        this.sessions = new ApplierSessions(connections);
        try {
            this.state = new StateStore(sessions.main().connection(), retainedLogBytes);
            DefaultsAudit.warn(sessions.main().connection(), node);
        } catch (SQLException | RuntimeException e) {
            sessions.close();
            throw e;
        }
        this.applied = applied;
        this.sink = sink;
        this.groups = new GroupCommit(node, sessions, state, new LocalLocks(node, sink, sessions), sink, metrics,
                applied);
        this.epoch = state.epoch();
        this.trusted = state.wasClean();
        applied.advance(state.position());
    }

    /** Work the sync protocol hands the applier thread, run between commands. */
    public interface Task {
        void run(Applier applier) throws Exception;
    }

    /**
     * The position, running hash and epoch of the last applied command, and whether this replica's sequences can be
     * trusted to continue the history (false after a crash, until it is re-seeded or peers copy its state).
     */
    public record Mark(long position, byte[] hash, long epoch, boolean trusted) {
    }

    /** The hash after the last applied command. */
    public byte[] hash() {
        return state.hash();
    }

    /** Queues a delivered message; blocks while the queue is full, which slows the cluster down to this replica. */
    public void deliver(byte[] payload) throws InterruptedException {
        queue.put(Objects.requireNonNull(payload));
    }

    /** Queues a task, to run on the applier thread after what is queued before it. */
    public void submit(Task task) throws InterruptedException {
        queue.put(Objects.requireNonNull(task));
    }

    /** The state after the last applied command (applier thread only). */
    public Mark mark() {
        return new Mark(state.position(), state.hash(), state.epoch(), trusted);
    }

    /**
     * Sets the epoch commands are applied in from now on (applier thread only); the replica's state now matches its
     * peers', so its sequences are trusted.
     */
    public void startEpoch(long newEpoch) {
        epoch = newEpoch;
        trusted = true;
    }

    /**
     * Applies a command a peer applied at the next position, and checks that it gives the peer's hash (applier
     * thread only).
     *
     * @throws SQLException if it does not: this replica's history is not the peer's
     */
    public void applyEntry(long entryPosition, long entryEpoch, byte[] entryHash, byte[] command) throws SQLException {
        if (entryPosition != state.position() + 1) {
            throw new SQLException("log entry " + entryPosition + " does not follow position " + state.position());
        }
        groups.applyAll(List.of(command), entryEpoch);
        if (state.position() != entryPosition || !java.util.Arrays.equals(state.hash(), entryHash)) {
            throw new SQLException("applying log entry " + entryPosition + " from a peer gave position "
                    + state.position() + " and another hash: this replica's history differs from its peer's");
        }
    }

    /**
     * Writes the whole database to a compressed script file between two commands (applier thread only), through a
     * temporary file, so the file is whole or absent; the mark says at which position.
     */
    public Mark backup(Path file) throws SQLException, IOException {
        Path part = file.resolveSibling(file.getFileName() + ".part");
        Connection conn = sessions.main().connection();
        try (Statement st = conn.createStatement()) {
            st.execute(Restore.scriptTo(part));
        }
        conn.commit();
        Files.move(part, file, StandardCopyOption.REPLACE_EXISTING,
                StandardCopyOption.ATOMIC_MOVE);
        return mark();
    }

    /**
     * Replaces the database's content with a snapshot (a SQL script of another replica's), then reads the state
     * again (applier thread only).
     */
    public void installSnapshot(java.io.Reader script) throws SQLException {
        sessions.resetExtra();
        Connection conn = sessions.main().connection();
        // No local transaction may run on tables that are dropped and created again under it.
        sink.abortLocalTransactions();
        try {
            try (Statement st = conn.createStatement()) {
                st.execute("DROP ALL OBJECTS");
            }
            org.h2.tools.RunScript.execute(conn, script);
            conn.commit();
        } finally {
            sink.commandDone();
        }
        sessions.main().forgetStatements();
        state.reload(conn);
        epoch = state.epoch();
        trusted = true;
        applied.advance(state.position());
    }

    /**
     * The whole database as a SQL script, between two commands (applier thread only): H2's sequences are not
     * transactional, so only here do the data, the sequences and the position match.
     *
     * @param chunkBytes about how many bytes of script each piece holds
     */
    public List<byte[]> script(int chunkBytes) throws SQLException {
        List<byte[]> chunks = new ArrayList<>();
        Connection conn = sessions.main().connection();
        StringBuilder chunk = new StringBuilder();
        try (Statement st = conn.createStatement(); java.sql.ResultSet rs = st.executeQuery("SCRIPT")) {
            while (rs.next()) {
                chunk.append(rs.getString(1)).append('\n');
                if (chunk.length() >= chunkBytes) {
                    chunks.add(chunk.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                    chunk.setLength(0);
                }
            }
        }
        conn.commit();
        chunks.add(chunk.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return chunks;
    }

    /** Whether the applier has nothing queued. */
    public boolean idle() {
        return queue.isEmpty();
    }

    /**
     * Makes {@link #run} return once what is queued before this call is applied. Call it after deliveries stopped:
     * it waits for room in the queue.
     */
    public void stop() {
        try {
            queue.put(STOP);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Closes the applier's H2 sessions; call after {@link #run} returned (or never ran). When it stopped normally
     * and its state was trusted, the database is marked as closed gracefully (one left by a crash and not re-seeded
     * since stays untrusted: its sequences may still run ahead of its data).
     */
    public void close() {
        if (stopped && trusted) {
            try {
                state.markClean(sessions.main().connection());
            } catch (SQLException e) {
                LOG.warn("{}: could not mark the database as closed gracefully: {}", node, e.toString());
            }
        }
        sessions.close();
    }

    @Override
    public void run() {
        List<byte[]> delivered = new ArrayList<>();
        try {
            while (true) {
                Object item = queue.take();
                if (item == STOP) {
                    break;
                }
                if (item instanceof Task task) {
                    task.run(this);
                    continue;
                }
                // What was delivered meanwhile is applied together: no wait is added when the applier keeps up.
                delivered.clear();
                delivered.add((byte[]) item);
                while (delivered.size() < MAX_GROUP && queue.peek() instanceof byte[]) {
                    delivered.add((byte[]) queue.poll());
                }
                groups.applyAll(delivered, epoch);
            }
        } catch (Throwable t) {
            LOG.error("{}: applier stopped at position {}: {}", node, state.position(), t.toString(), t);
            sessions.rollbackQuietly();
            sink.stopped(t);
            return;
        }
        stopped = true;
        LOG.debug("{}: applier stopped at position {}", node, state.position());
    }
}
