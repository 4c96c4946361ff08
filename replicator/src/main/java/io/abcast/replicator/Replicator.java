package io.abcast.replicator;

import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * One replica of a replicated H2 database: the narrow interface the JDBC driver talks to.
 *
 * <h2>Ordering</h2>
 * Every submitted command is broadcast in one total order; every replica applies the commands it delivers in that
 * order, each exactly once, as one H2 transaction that also records the position and the running hash.
 *
 * <h2>Results</h2>
 * The future of a submitted command completes with the outcome of applying it on this replica, after it is
 * committed here: so once it completes, every connection to this replica reads the command's effect.
 *
 * <h2>Thread safety</h2>
 * All methods may be called from any thread.
 *
 * <h2>Failure</h2>
 * {@link #submit} throws when the command cannot be broadcast (this replica is closed, failed, or not in a primary
 * component); the future completes exceptionally with an {@link SQLException} when its outcome cannot be known.
 * A replica that cannot apply a delivered command for a reason other than the command itself (disk, H2 failure)
 * stops, rather than going on with a different state from its peers.
 */
public interface Replicator extends AutoCloseable {

    /** This replica's node name. */
    String node();

    /**
     * Broadcasts a command for every replica to apply.
     *
     * @return the outcome of applying it here
     * @throws SQLException if it cannot be broadcast; nothing was sent
     */
    CompletableFuture<Outcome> submit(Command command) throws SQLException;

    /** The position of the last command applied here (0 before the first). */
    long appliedPosition();

    /**
     * Waits until this replica has applied the given position.
     *
     * @throws SQLException if the time runs out or the replica stops first
     */
    void awaitApplied(long position, Duration timeout) throws SQLException;

    /**
     * Waits until the view holds at least {@code count} members.
     *
     * @return whether it did before the time ran out or the replica stopped
     */
    boolean awaitMembers(int count, Duration timeout) throws InterruptedException;

    /**
     * Makes a local transaction abortable by the applier (see {@link LocalTransaction}); call it before the
     * transaction takes its first lock. Waits while the applier is getting a command past local transactions.
     */
    void register(LocalTransaction transaction) throws SQLException;

    /** The transaction ended; the applier no longer needs to abort it. */
    void unregister(LocalTransaction transaction);

    /** The current view, position and running hash. */
    ReplicaStatus status();

    /**
     * The position, running hash and a digest of all user tables, read together from one consistent snapshot.
     */
    ReplicaState state() throws SQLException;

    /** Leaves the cluster and closes the applier's connection; pending commands fail. */
    @Override
    void close();

    /**
     * Writes a consistent backup of this replica's database to a file, between two commands: this replica pauses
     * applying meanwhile, the cluster goes on. Restore it with {@link Backup#restore}.
     */
    Backup backup(java.nio.file.Path file) throws SQLException;

    /** The replica's figures now (also in JMX, see {@link ReplicaMXBean}). */
    ReplicaMetrics metrics();

    /** Counts a statement refused before anything was sent, for {@link ReplicaMetrics#refusals()}. */
    void refused();

    /**
     * Counts a local transaction aborted on this node (a conflict with another one, or its locks held up the
     * applier), for {@link ReplicaMetrics#aborts()}; certification failures are counted by the replica itself.
     */
    void aborted();
}
