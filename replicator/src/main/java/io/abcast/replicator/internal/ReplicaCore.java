package io.abcast.replicator.internal;

import io.abcast.replicator.Command;
import io.abcast.replicator.CommandId;
import io.abcast.replicator.Outcome;
import io.abcast.replicator.ReplicaConfig;
import io.abcast.replicator.ReplicaState;
import io.abcast.replicator.ReplicaStatus;
import io.abcast.replicator.SqlStates;
import org.jgroups.Address;
import org.jgroups.View;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The distributed side of a replica: its channel, views and primary component, the reconciliation of each new
 * primary view ({@link Synchronizer}), serving peers that catch up ({@link LogServer}), and the acknowledgment of
 * writes once a majority of the configured members applied them ({@link Stability}).
 *
 * <p>Thread safe.
 */
public final class ReplicaCore {

    private static final Logger LOG = LoggerFactory.getLogger(ReplicaCore.class);

    private final ReplicaConfig config;
    private final AppliedPosition applied;
    private final LocalGate localGate;
    private final Applier.ConnectionFactory connections;
    private final ConcurrentHashMap<CommandId, CompletableFuture<Outcome>> pending = new ConcurrentHashMap<>();
    /** The commands this replica sent and has not applied yet, to send again if they seem lost. */
    private final ConcurrentHashMap<CommandId, Sent> unapplied = new ConcurrentHashMap<>();
    private final java.util.concurrent.ScheduledExecutorService timer;
    private final Stability stability;
    private final Metrics metrics;
    private final Object viewLock = new Object();
    private final ExecutorService server;
    private ReplicaChannel channel;
    private Router router;
    private Synchronizer synchronizer;
    private Reporter reporter;
    private volatile Address self;
    /** The current view's members; their names are read when asked (JGroups may learn a name after the view). */
    private volatile List<Address> members = List.of();
    private volatile boolean primary;
    private volatile Throwable failure;
    private volatile boolean leaving;

    public ReplicaCore(ReplicaConfig config, AppliedPosition applied, LocalGate localGate,
                       Applier.ConnectionFactory connections, Metrics metrics) {
        this.config = config;
        this.metrics = metrics;
        this.applied = applied;
        this.localGate = localGate;
        this.connections = connections;
        this.stability = new Stability(config.quorum());
        this.server = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "abcast-serve-" + config.node());
            t.setDaemon(true);
            return t;
        });
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "abcast-resend-" + config.node());
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(this::resendLost, RESEND_MILLIS, RESEND_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** A command sent, when first and when last. */
    private record Sent(byte[] bytes, long first, long last) {
    }

    /**
     * How long a sent command may go undelivered before it is sent again. SEQUENCER resends a member's messages when
     * the coordinator changes, but a message can still stall across a merge; sending it again is safe, since a
     * command whose id was applied is skipped.
     */
    private static final long RESEND_MILLIS = 1000;

    private void resendLost() {
        if (!primary || router == null || !router.synced()) {
            return;
        }
        long now = System.nanoTime();
        boolean any = false;
        for (var e : unapplied.entrySet()) {
            if (now - e.getValue().last() > TimeUnit.MILLISECONDS.toNanos(RESEND_MILLIS)) {
                any = true;
                try {
                    channel.send(e.getValue().bytes());
                    unapplied.put(e.getKey(), new Sent(e.getValue().bytes(), e.getValue().first(), now));
                    LOG.debug("{}: sent {} again, undelivered after {} ms", config.node(), e.getKey(), RESEND_MILLIS);
                } catch (Exception x) {
                    LOG.debug("{}: could not send {} again: {}", config.node(), e.getKey(), x.toString());
                }
            }
        }
        if (any || !pending.isEmpty()) {
            reporter.again(); // a waiting write may need a report lost across a view change
        }
    }

    /** Joins the cluster; deliveries go to the applier from then on. */
    public void connect(Applier applier) throws SQLException {
        router = new Router(config.node(), applier::deliver);
        synchronizer = new Synchronizer(config.node(), applier, metrics, new Synchronizer.Replica() {
            @Override
            public void send(Address to, Object message) throws Exception {
                channel.sendControl(to, Control.encode(message));
            }

            @Override
            public void synced(long viewId) {
                try {
                    router.synced(viewId);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        });
        reporter = new Reporter(config.node(), position -> channel.sendControl(null,
                Control.encode(new Control.Applied(position))));
        LogServer logServer = new LogServer(config.node(), connections, applier);
        channel = new ReplicaChannel(config, new Listener(logServer));
        channel.connect();
    }

    /** The applier's sink: outcomes go to the waiting callers once a majority holds them. */
    public Applier.Sink sink() {
        return new Sink();
    }

    public CompletableFuture<Outcome> submit(Command command) throws SQLException {
        checkNotFailed();
        if (!primary) {
            List<String> view = memberNames();
            throw new SQLException("replica " + config.node() + " is not in a primary component: it sees " + view.size()
                    + " of the " + config.clusterSize() + " configured members " + view + ", and writes need "
                    + config.quorum() + " (abcast.size=" + config.clusterSize() + ")", SqlStates.NO_PRIMARY);
        }
        byte[] bytes = CommandCodec.encode(command);
        CompletableFuture<Outcome> future = new CompletableFuture<>();
        if (pending.putIfAbsent(command.id(), future) != null) {
            throw new SQLException("command " + command.id() + " is already in flight", SqlStates.OUTCOME_UNKNOWN);
        }
        long now = System.nanoTime();
        unapplied.put(command.id(), new Sent(bytes, now, now));
        try {
            channel.send(bytes);
        } catch (Exception e) {
            unapplied.remove(command.id());
            pending.remove(command.id());
            throw new SQLException(config.node() + ": could not broadcast the command: " + e,
                    SqlStates.CONNECTION_FAILURE, e);
        }
        return future;
    }

    /** Throws if the replica stopped applying. */
    public void checkNotFailed() throws SQLException {
        Throwable f = failure;
        if (f != null) {
            throw new SQLException("replica " + config.node() + " stopped applying and left the cluster: " + f,
                    SqlStates.CONNECTION_FAILURE, f);
        }
    }

    public boolean awaitMembers(int count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (viewLock) {
            while (members.size() < count && failure == null && !leaving) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(viewLock, left);
            }
            return members.size() >= count;
        }
    }

    public ReplicaStatus status(Applier applier) {
        Throwable f = failure;
        return new ReplicaStatus(config.node(), memberNames(), primary && router != null && router.synced(), applied.get(),
                RunningHash.hex(applier.hash()), f == null ? null : f.toString());
    }

    /** Position, hash and digest, read from one snapshot. */
    public ReplicaState state() throws SQLException {
        try (Connection conn = connections.open()) {
            conn.setAutoCommit(false);
            conn.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            try (Statement st = conn.createStatement();
                 ResultSet rs = st.executeQuery("SELECT POSITION, HASH FROM ABCAST.STATE WHERE ID = 1")) {
                rs.next();
                ReplicaState state = new ReplicaState(rs.getLong(1), RunningHash.hex(rs.getBytes(2)),
                        DataDigest.compute(conn));
                conn.rollback();
                return state;
            }
        }
    }

    /** Leaves the cluster gracefully. */
    public void leave() {
        leaving = true;
        wakeWaiters();
        synchronizer.close();
        reporter.close();
        server.shutdownNow();
        timer.shutdownNow();
        channel.close();
    }

    /** Leaves as a crash would (for tests). */
    public void crash() {
        leaving = true;
        wakeWaiters();
        synchronizer.close();
        reporter.close();
        server.shutdownNow();
        timer.shutdownNow();
        try {
            channel.crash();
        } catch (Exception e) {
            LOG.debug("{}: crashing the channel: {}", config.node(), e.toString());
        }
    }

    /** This member's JGroups address (tests aim at it). */
    public org.jgroups.Address address() {
        return channel.address();
    }

    /** How many incoming messages the cluster secret's encryption rejected. */
    public long rejectedMessages() {
        ReplicaChannel c = channel;
        return c == null ? 0 : c.rejectedMessages();
    }

    /** How many positions this replica is behind the furthest member it has heard from. */
    public long lag() {
        return Math.max(0, stability.highest() - applied.get());
    }

    private List<String> memberNames() {
        return members.stream().map(Object::toString).toList();
    }

    /** The number of members in the current view. */
    public int viewSize() {
        return members.size();
    }

    /** Broadcasts these bytes in total order as if they were a command: for tests of what replicas do with junk. */
    public void broadcastRaw(byte[] payload) throws Exception {
        channel.sendRaw(payload);
    }

    /** Fault injection (see {@link ReplicaChannel#discardFrom}). */
    public void discardFrom(java.util.Set<String> names) {
        channel.discardFrom(names);
    }

    public void failPending(SQLException error) {
        pending.forEach((id, future) -> future.completeExceptionally(error));
        pending.clear();
        unapplied.clear();
    }

    private void wakeWaiters() {
        synchronized (viewLock) {
            viewLock.notifyAll();
        }
    }

    /** What the channel delivers. */
    private final class Listener implements ReplicaChannel.Listener {
        private final LogServer logServer;

        Listener(LogServer logServer) {
            this.logServer = logServer;
        }

        @Override
        public void deliver(byte[] payload, SequencerTag.Tag tag) {
            try {
                router.deliver(payload, tag == null ? null : tag.sequencer(), tag == null ? null : tag.view());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while queueing a delivered command", e);
            }
        }

        @Override
        public void control(byte[] payload, Address sender) {
            Object message;
            try {
                message = Control.decode(payload);
            } catch (IOException e) {
                LOG.warn("{}: ignoring a malformed control message from {}: {}", config.node(), sender, e.getMessage());
                return;
            }
            if (message instanceof Control.Report report) {
                synchronizer.report(sender, report);
            } else if (message instanceof Control.Applied a) {
                stability.applied(sender, a.position());
            } else if (message instanceof Control.Fetch fetch) {
                serve(sender, () -> List.of(logServer.fetch(fetch)));
            } else if (message instanceof Control.SnapshotRequest request) {
                serve(sender, () -> List.copyOf(logServer.snapshot(request.request())));
            } else {
                synchronizer.response(message);
            }
        }

        private void serve(Address to, ServeAction action) {
            server.execute(() -> {
                try {
                    for (Object reply : action.replies()) {
                        channel.sendControl(to, Control.encode(reply));
                    }
                } catch (Exception e) {
                    LOG.warn("{}: could not serve {}: {}", config.node(), to, e.toString());
                }
            });
        }

        @Override
        public void viewChanged(View view, Address me) {
            List<String> names = view.getMembers().stream().map(Object::toString).toList();
            boolean wasPrimary = primary;
            boolean isPrimary = names.size() >= config.quorum();
            self = me;
            stability.view(view.getMembers(), me);
            router.view(view.getViewId(), view.getCoord(), isPrimary);
            synchronized (viewLock) {
                members = List.copyOf(view.getMembers());
                primary = isPrimary;
                viewLock.notifyAll();
            }
            LOG.info("{}: view {} ({} of {} configured members, {})", config.node(), names, names.size(),
                    config.clusterSize(), isPrimary ? "primary" : "not primary: writes refused");
            if (wasPrimary != isPrimary) {
                LOG.info("{}: {} the primary component", config.node(), isPrimary ? "joined" : "left");
            }
            if (names.size() > config.clusterSize()) {
                LOG.warn("{}: the view has {} members but abcast.size is {}; set abcast.size to the cluster's size",
                        config.node(), names.size(), config.clusterSize());
            }
            if (isPrimary) {
                synchronizer.start(view, me);
            }
        }
    }

    private interface ServeAction {
        List<Object> replies() throws Exception;
    }

    /** Outcomes from the applier thread. */
    private final class Sink implements Applier.Sink {
        @Override
        public boolean wantsResults(CommandId id) {
            return pending.containsKey(id);
        }

        @Override
        public void applied(CommandId id, Outcome outcome) {
            Sent sent = unapplied.remove(id);
            Address me = self;
            if (me != null) {
                stability.applied(me, outcome.position());
            }
            reporter.applied(outcome.position());
            CompletableFuture<Outcome> future = pending.get(id);
            if (future == null) {
                return;
            }
            if (outcome.failed()) {
                if (SqlStates.CONFLICT.equals(outcome.error().getSQLState())) {
                    metrics.aborted();
                }
                pending.remove(id);
                future.complete(outcome); // nothing of it was applied, wherever it was
                return;
            }
            stability.whenStable(outcome.position(), () -> {
                pending.remove(id);
                if (sent != null) {
                    metrics.acknowledged(System.nanoTime() - sent.first());
                }
                future.complete(outcome);
            });
        }

        @Override
        public void skipped(CommandId id) {
            if (unapplied.remove(id) == null) {
                return; // applied here before (a copy sent again): its outcome is on its way to the caller
            }
            CompletableFuture<Outcome> future = pending.remove(id);
            if (future != null) {
                future.completeExceptionally(new SQLException("command " + id + " was applied before; its outcome "
                        + "is not kept", SqlStates.OUTCOME_UNKNOWN));
            }
        }

        @Override
        public boolean abortLocalTransactions() {
            int aborted = localGate.abortAll();
            if (aborted > 0) {
                LOG.info("{}: aborted {} local transaction(s) whose locks held up the applier", config.node(), aborted);
            }
            return aborted > 0;
        }

        @Override
        public void commandDone() {
            localGate.release();
        }

        @Override
        public void stopped(Throwable cause) {
            failure = cause;
            applied.stop();
            wakeWaiters();
            failPending(new SQLException("replica " + config.node() + " stopped applying; the outcome is unknown: "
                    + cause, SqlStates.OUTCOME_UNKNOWN, cause));
            if (!leaving) {
                // A replica that cannot apply must not stay in the view as if it had.
                Thread leave = new Thread(ReplicaCore.this::leave, "abcast-leave-" + config.node());
                leave.setDaemon(true);
                leave.start();
            }
        }
    }
}
