package io.abcast.replicator;

import io.abcast.replicator.internal.AppliedPosition;
import io.abcast.replicator.internal.Applier;
import io.abcast.replicator.internal.CrashRebuild;
import io.abcast.replicator.internal.LocalGate;
import io.abcast.replicator.internal.Metrics;
import io.abcast.replicator.internal.ReplicaCore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.management.ObjectName;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A replica: an H2 database, the applier thread that writes delivered commands into it, and the JGroups channel
 * that orders them; {@link ReplicaCore} reconciles members after view changes and acknowledges writes once a
 * majority holds them. See {@link Replicator} for the contract.
 */
public final class Replica implements Replicator {

    private static final Logger LOG = LoggerFactory.getLogger(Replica.class);

    private final ReplicaConfig config;
    private final AppliedPosition applied = new AppliedPosition();
    private final LocalGate localGate = new LocalGate();
    private final Applier applier;
    private final Thread applierThread;
    private final ReplicaCore core;
    private final Metrics metrics = new Metrics();
    private final ObjectName jmxName;
    private volatile boolean closed;

    private Replica(ReplicaConfig config) throws SQLException {
        this.config = config;
        CrashRebuild.ifCrashed(config.node(), config.h2Url(), config.h2Info());
        this.core = new ReplicaCore(config, applied, localGate, this::openH2, metrics);
        this.applier = new Applier(config.node(), this::openApplierConnection, config.retainedLogBytes(), applied,
                core.sink(), metrics);
        this.applierThread = new Thread(applier, "abcast-applier-" + config.node());
        applierThread.setDaemon(true);
        applierThread.start();
        try {
            core.connect(applier);
        } catch (SQLException | RuntimeException e) {
            stopApplier();
            applier.close();
            throw e;
        }
        this.jmxName = ReplicaJmx.register(config.cluster(), config.node(), this::metrics);
        LOG.info("{}: replica of cluster {} started at position {} (stack {}, size {})", config.node(),
                config.cluster(), applied.get(), config.stack(), config.clusterSize());
    }

    /**
     * Opens the replica's database, joins the cluster and starts applying.
     *
     * @throws SQLException if the database cannot be opened or the cluster cannot be joined
     */
    public static Replica start(ReplicaConfig config) throws SQLException {
        return new Replica(config);
    }

    /** A new connection to this replica's H2 database, for reads. */
    public Connection openH2() throws SQLException {
        return new org.h2.Driver().connect(config.h2Url(), config.h2Info());
    }

    /**
     * A connection for the applier. The applier opens the database first, and asks H2 not to close it at JVM exit
     * on its own: abcast's shutdown closes the replica (channel, then applier, then database) in that order.
     */
    private Connection openApplierConnection() throws SQLException {
        String url = config.h2Url();
        if (!url.toUpperCase(java.util.Locale.ROOT).contains("DB_CLOSE_ON_EXIT")) {
            url += ";DB_CLOSE_ON_EXIT=FALSE";
        }
        return new org.h2.Driver().connect(url, config.h2Info());
    }

    public ReplicaConfig config() {
        return config;
    }

    @Override
    public String node() {
        return config.node();
    }

    /** The outcome's wait limit from the configuration. */
    public Duration timeout() {
        return config.timeout();
    }

    @Override
    public CompletableFuture<Outcome> submit(Command command) throws SQLException {
        if (closed) {
            throw new SQLException("replica " + node() + " is closed", SqlStates.CONNECTION_CLOSED);
        }
        return core.submit(command);
    }

    @Override
    public long appliedPosition() {
        return applied.get();
    }

    @Override
    public void awaitApplied(long position, Duration timeout) throws SQLException {
        try {
            if (!applied.await(position, timeout.toNanos(), TimeUnit.NANOSECONDS)) {
                core.checkNotFailed();
                throw new SQLException("replica " + node() + " has applied up to " + applied.get() + ", not " + position
                        + ", after " + timeout.toMillis() + " ms", SqlStates.OUTCOME_UNKNOWN);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted while waiting for position " + position, SqlStates.OUTCOME_UNKNOWN, e);
        }
    }

    @Override
    public boolean awaitMembers(int count, Duration timeout) throws InterruptedException {
        return core.awaitMembers(count, timeout);
    }

    @Override
    public void register(LocalTransaction transaction) throws SQLException {
        localGate.register(transaction);
    }

    @Override
    public void unregister(LocalTransaction transaction) {
        localGate.unregister(transaction);
    }

    @Override
    public ReplicaStatus status() {
        return core.status(applier);
    }

    @Override
    public ReplicaState state() throws SQLException {
        return core.state();
    }

    @Override
    public ReplicaMetrics metrics() {
        return new ReplicaMetrics(applied.get(), core.lag(), metrics.appliedTotal(), metrics.transactionsTotal(),
                metrics.appliedPerSecond(), metrics.applyMicros(), metrics.broadcastsTotal(), metrics.broadcastMillis(),
                metrics.abortsTotal(), metrics.refusalsTotal(), core.rejectedMessages(), metrics.catchUpsTotal(),
                metrics.reseedsTotal(), core.viewSize(), config.clusterSize(), status().primary());
    }

    @Override
    public Backup backup(java.nio.file.Path file) throws SQLException {
        if (closed) {
            throw new SQLException("replica " + node() + " is closed", SqlStates.CONNECTION_CLOSED);
        }
        CompletableFuture<Backup> done = new CompletableFuture<>();
        try {
            applier.submit(a -> {
                try {
                    Applier.Mark mark = a.backup(file);
                    done.complete(new Backup(file, mark.position(), io.abcast.replicator.internal.RunningHash
                            .hex(mark.hash())));
                } catch (SQLException | java.io.IOException e) {
                    done.completeExceptionally(e);
                }
            });
            Backup backup = done.get();
            LOG.info("{}: backup at position {} written to {}", node(), backup.position(), file.toAbsolutePath());
            return backup;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted while writing a backup", SqlStates.CONNECTION_FAILURE, e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new SQLException("backup to " + file.toAbsolutePath() + " failed: " + e.getCause().getMessage(),
                    e.getCause() instanceof SQLException s ? s.getSQLState() : "58030", e.getCause());
        }
    }

    @Override
    public void refused() {
        metrics.refused();
    }

    @Override
    public void aborted() {
        metrics.aborted();
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        ReplicaJmx.unregister(jmxName);
        core.leave();
        stopApplier();
        applied.stop();
        core.failPending(new SQLException("replica " + node() + " closed before the outcome was known",
                SqlStates.OUTCOME_UNKNOWN));
        applier.close();
        localGate.close();
        LOG.info("{}: replica closed at position {}", node(), applied.get());
    }

    /**
     * Stops as a crash would, for tests: leaves the cluster without saying goodbye, and closes the database without
     * finishing what is queued (what was committed stays, as on disk).
     */
    public void crash() {
        closed = true;
        ReplicaJmx.unregister(jmxName);
        core.crash();
        applier.close();
        stopApplier();
        applied.stop();
        core.failPending(new SQLException("replica " + node() + " crashed", SqlStates.OUTCOME_UNKNOWN));
        localGate.close();
    }

    /**
     * Fault injection for tests, with a stack that has a DISCARD protocol: this replica drops every message from the
     * named members from now on (a one-way cut; cut both ways for a partition). An empty set heals.
     */
    public void discardFrom(java.util.Set<String> nodes) {
        core.discardFrom(nodes);
    }

    /** This replica's JGroups address: for tests that aim messages at it. */
    org.jgroups.Address address() {
        return core.address();
    }

    /** How many incoming messages the cluster secret's encryption rejected. */
    long rejectedMessages() {
        return core.rejectedMessages();
    }

    /** Broadcasts these bytes in total order as if they were a command: for tests of what replicas do with junk. */
    void broadcastRaw(byte[] payload) throws Exception {
        core.broadcastRaw(payload);
    }

    private void stopApplier() {
        if (applierThread.isAlive()) {
            applier.stop();
            try {
                applierThread.join(TimeUnit.SECONDS.toMillis(30));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
