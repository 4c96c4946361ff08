package io.abcast.replicator;

import io.abcast.replicator.internal.AppliedPosition;
import io.abcast.replicator.internal.Applier;
import io.abcast.replicator.internal.CommandCodec;
import io.abcast.replicator.internal.DataDigest;
import io.abcast.replicator.internal.ReplicaChannel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A replica: an H2 database, the applier thread that writes delivered commands into it, and the JGroups channel
 * that orders them. See {@link Replicator} for the contract.
 */
public final class Replica implements Replicator {

    private static final Logger LOG = LoggerFactory.getLogger(Replica.class);

    private final ReplicaConfig config;
    private final AppliedPosition applied = new AppliedPosition();
    private final Applier applier;
    private final Thread applierThread;
    private final ConcurrentHashMap<CommandId, CompletableFuture<Outcome>> pending = new ConcurrentHashMap<>();
    private final Set<LocalTransaction> localTransactions = ConcurrentHashMap.newKeySet();
    private final Object localGate = new Object();
    private boolean applierHeldUp;
    private final ReplicaChannel channel;
    private final Object viewLock = new Object();
    private volatile List<String> members = List.of();
    private volatile boolean primary;
    private volatile Throwable failure;
    private volatile boolean closed;

    private Replica(ReplicaConfig config) throws SQLException {
        this.config = config;
        this.applier = new Applier(config.node(), this::openApplierConnection, applied, new Sink());
        this.applierThread = new Thread(applier, "abcast-applier-" + config.node());
        applierThread.setDaemon(true);
        applierThread.start();
        try {
            this.channel = ReplicaChannel.connect(config, new Deliveries());
        } catch (SQLException | RuntimeException e) {
            applier.stop();
            joinApplier();
            applier.close();
            throw e;
        }
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

    /** A new connection to this replica's H2 database, for reads (and for the applier). */
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

    @Override
    public CompletableFuture<Outcome> submit(Command command) throws SQLException {
        checkWritable();
        byte[] bytes = CommandCodec.encode(command);
        CompletableFuture<Outcome> future = new CompletableFuture<>();
        if (pending.putIfAbsent(command.id(), future) != null) {
            throw new SQLException("command " + command.id() + " is already in flight", SqlStates.OUTCOME_UNKNOWN);
        }
        try {
            channel.send(bytes);
        } catch (Exception e) {
            pending.remove(command.id());
            throw new SQLException(node() + ": could not broadcast the command: " + e, SqlStates.CONNECTION_FAILURE, e);
        }
        return future;
    }

    private void checkWritable() throws SQLException {
        if (failure != null) {
            throw stoppedError();
        }
        if (closed) {
            throw new SQLException("replica " + node() + " is closed", SqlStates.CONNECTION_CLOSED);
        }
        if (!primary) {
            List<String> view = members;
            throw new SQLException("replica " + node() + " is not in a primary component: it sees " + view.size()
                    + " of the " + config.clusterSize() + " configured members " + view + ", and writes need "
                    + config.quorum() + " (abcast.size=" + config.clusterSize() + ")", SqlStates.NO_PRIMARY);
        }
    }

    private SQLException stoppedError() {
        return new SQLException("replica " + node() + " stopped applying and left the cluster: " + failure,
                SqlStates.CONNECTION_FAILURE, failure);
    }

    /** The outcome's wait limit from the configuration. */
    public Duration timeout() {
        return config.timeout();
    }

    @Override
    public long appliedPosition() {
        return applied.get();
    }

    @Override
    public void awaitApplied(long position, Duration timeout) throws SQLException {
        try {
            if (!applied.await(position, timeout.toNanos(), TimeUnit.NANOSECONDS)) {
                if (failure != null) {
                    throw stoppedError();
                }
                throw new SQLException("replica " + node() + " has applied up to " + applied.get() + ", not " + position
                        + ", after " + timeout.toMillis() + " ms", SqlStates.OUTCOME_UNKNOWN);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted while waiting for position " + position, SqlStates.OUTCOME_UNKNOWN, e);
        }
    }

    /**
     * Waits until the view holds at least {@code count} members.
     *
     * @return whether it did before the time ran out (or the replica stopped)
     */
    @Override
    public boolean awaitMembers(int count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (viewLock) {
            while (members.size() < count && failure == null && !closed) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(viewLock, left);
            }
            return members.size() >= count;
        }
    }

    @Override
    public void register(LocalTransaction transaction) throws SQLException {
        synchronized (localGate) {
            // While the applier gets a command past local transactions, no new one may take locks.
            while (applierHeldUp && !closed && failure == null) {
                try {
                    localGate.wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new SQLException("interrupted while the replica's applier had priority", SqlStates.CONFLICT, e);
                }
            }
            localTransactions.add(transaction);
        }
    }

    @Override
    public void unregister(LocalTransaction transaction) {
        localTransactions.remove(transaction);
    }

    @Override
    public ReplicaStatus status() {
        Throwable f = failure;
        return new ReplicaStatus(node(), members, primary, applied.get(), hex(applier.hash()),
                f == null ? null : f.toString());
    }

    @Override
    public ReplicaState state() throws SQLException {
        try (Connection conn = openH2()) {
            conn.setAutoCommit(false);
            conn.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            try (Statement st = conn.createStatement();
                 ResultSet rs = st.executeQuery("SELECT POSITION, HASH FROM ABCAST.STATE WHERE ID = 1")) {
                rs.next();
                ReplicaState state = new ReplicaState(rs.getLong(1), hex(rs.getBytes(2)), DataDigest.compute(conn));
                conn.rollback();
                return state;
            }
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        wakeViewWaiters();
        channel.close();
        if (applierThread.isAlive()) {
            applier.stop();
            joinApplier();
        }
        applied.stop();
        failPending(new SQLException("replica " + node() + " closed before the outcome was known",
                SqlStates.OUTCOME_UNKNOWN));
        applier.close();
        LOG.info("{}: replica closed at position {}", node(), applied.get());
    }

    private void joinApplier() {
        try {
            applierThread.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void wakeViewWaiters() {
        synchronized (viewLock) {
            viewLock.notifyAll();
        }
        synchronized (localGate) {
            localGate.notifyAll();
        }
    }

    private void failPending(SQLException error) {
        pending.forEach((id, future) -> future.completeExceptionally(error));
        pending.clear();
    }

    private static String hex(byte[] bytes) {
        StringBuilder sb = new StringBuilder(bytes.length * 2);
        for (byte b : bytes) {
            sb.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
        }
        return sb.toString();
    }

    /** Outcomes from the applier thread. */
    private final class Sink implements Applier.Sink {
        @Override
        public boolean wantsResults(CommandId id) {
            return pending.containsKey(id);
        }

        @Override
        public void applied(CommandId id, Outcome outcome) {
            CompletableFuture<Outcome> future = pending.remove(id);
            if (future != null) {
                future.complete(outcome);
            }
        }

        @Override
        public void skipped(CommandId id) {
            CompletableFuture<Outcome> future = pending.remove(id);
            if (future != null) {
                future.completeExceptionally(new SQLException("command " + id + " was applied before; its outcome "
                        + "is not kept", SqlStates.OUTCOME_UNKNOWN));
            }
        }

        @Override
        public boolean abortLocalTransactions() {
            List<LocalTransaction> open;
            synchronized (localGate) {
                applierHeldUp = true;
                open = List.copyOf(localTransactions);
            }
            for (LocalTransaction transaction : open) {
                transaction.abort();
            }
            if (!open.isEmpty()) {
                LOG.info("{}: aborted {} local transaction(s) whose locks held up the applier", node(), open.size());
            }
            return !open.isEmpty();
        }

        @Override
        public void commandDone() {
            synchronized (localGate) {
                if (applierHeldUp) {
                    applierHeldUp = false;
                    localGate.notifyAll();
                }
            }
        }

        @Override
        public void stopped(Throwable cause) {
            failure = cause;
            applied.stop();
            wakeViewWaiters();
            failPending(new SQLException("replica " + node() + " stopped applying; the outcome is unknown: " + cause,
                    SqlStates.OUTCOME_UNKNOWN, cause));
            if (!closed) {
                // A replica that cannot apply must not stay in the view as if it had.
                Thread leave = new Thread(channel::close, "abcast-leave-" + node());
                leave.setDaemon(true);
                leave.start();
            }
        }
    }

    /** Deliveries and views from the channel. */
    private final class Deliveries implements ReplicaChannel.Listener {
        @Override
        public void deliver(byte[] payload) {
            try {
                applier.deliver(payload);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while queueing a delivered command", e);
            }
        }

        @Override
        public void viewChanged(List<String> view) {
            boolean wasPrimary = primary;
            synchronized (viewLock) {
                members = view;
                primary = view.size() >= config.quorum();
                viewLock.notifyAll();
            }
            LOG.info("{}: view {} ({} of {} configured members, {})", node(), view, view.size(), config.clusterSize(),
                    primary ? "primary" : "not primary: writes refused");
            if (wasPrimary != primary) {
                LOG.info("{}: {} the primary component", node(), primary ? "joined" : "left");
            }
            if (view.size() > config.clusterSize()) {
                LOG.warn("{}: the view has {} members but abcast.size is {}; set abcast.size to the cluster's size",
                        node(), view.size(), config.clusterSize());
            }
        }
    }
}
