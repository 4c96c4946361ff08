package io.abcast.replicator.internal;

import org.jgroups.Address;
import org.jgroups.View;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Reconciles the members of a new primary view before it applies anything sequenced in it. SEQUENCER's delivery is
 * not uniform: when the sequencer fails, survivors can hold different prefixes of what it sequenced, and a member
 * that was away holds an older one. So after each view change every member reports the epoch of its last command,
 * its position and hash; the member with the greatest (epoch, position) is authoritative; every other member fetches
 * the entries it lacks from the authoritative one's retained log (checked by hash), or a snapshot when the log does
 * not reach back or its history differs (a diverged replica is re-seeded, never merged). Then all start a new epoch
 * and apply what the new view sequenced, which they held back meanwhile.
 *
 * <p>Runs on its own thread, one view at a time; a newer view abandons an older one's work.
 */
final class Synchronizer implements AutoCloseable {

    /** What the synchronizer needs of its replica. */
    interface Replica {
        /** Sends a control message to a member, or every member when {@code to} is null. */
        void send(Address to, Object message) throws Exception;

        /** The view was reconciled: apply what it sequenced. */
        void synced(long viewId);
    }

    private static final Logger LOG = LoggerFactory.getLogger(Synchronizer.class);
    private static final long WAIT_MILLIS = 100;
    /** How long a member waits for missing reports before it asks for them again. */
    private static final long ASK_AGAIN_MILLIS = 1000;

    private final String node;
    /** The report this member sent in the view it reconciles last. */
    private volatile Control.Report sent;
    private final Metrics metrics;
    private final Applier applier;
    private final Replica replica;
    private final ExecutorService thread;
    private final Map<Long, Map<Address, Control.Report>> reports = new ConcurrentHashMap<>();
    private final Map<Long, CompletableFuture<Object>> responses = new ConcurrentHashMap<>();
    private final Map<Long, ByteArrayOutputStream> snapshots = new ConcurrentHashMap<>();
    private final AtomicLong requests = new AtomicLong();
    private volatile long currentView = -1;

    Synchronizer(String node, Applier applier, Metrics metrics, Replica replica) {
        this.node = node;
        this.metrics = metrics;
        this.applier = applier;
        this.replica = replica;
        this.thread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "abcast-sync-" + node);
            t.setDaemon(true);
            return t;
        });
    }

    /** Starts reconciling a new primary view (abandoning the previous one's work). */
    void start(View view, Address self) {
        long viewId = view.getViewId().getId();
        if (thread.isShutdown()) {
            return; // closing: a view that comes in meanwhile has nothing to reconcile
        }
        currentView = viewId;
        reports.keySet().removeIf(id -> id < viewId);
        try {
            thread.execute(() -> reconcile(view, viewId, self));
        } catch (RejectedExecutionException e) {
            LOG.debug("{}: view {} came in while closing", node, viewId);
        }
    }

    private void reconcile(View view, long viewId, Address self) {
        try {
            sync(view, viewId, self);
        } catch (Abandoned e) {
            LOG.debug("{}: reconciling view {} abandoned for a newer one", node, viewId);
        } catch (Exception e) {
            if (thread.isShutdown()) {
                LOG.debug("{}: reconciling view {} stopped by closing: {}", node, viewId, e.toString());
            } else {
                LOG.warn("{}: reconciling view {} failed ({}); waiting for the next view", node, viewId, e.toString());
            }
        }
    }

    /** A member's report. */
    void report(Address from, Control.Report report) {
        reports.computeIfAbsent(report.viewId(), id -> new ConcurrentHashMap<>()).put(from, report);
        synchronized (reports) {
            reports.notifyAll();
        }
        Control.Report own = sent;
        if (report.again() && own != null && own.viewId() == report.viewId()) {
            try {
                replica.send(from, own);
            } catch (Exception e) {
                LOG.debug("{}: could not answer {}'s report again: {}", node, from, e.toString());
            }
        }
    }

    /** A reply to one of this member's requests. */
    void response(Object message) {
        if (message instanceof Control.SnapshotChunk chunk) {
            ByteArrayOutputStream script = snapshots.computeIfAbsent(chunk.request(), r -> new ByteArrayOutputStream());
            script.writeBytes(chunk.script());
            if (!chunk.last()) {
                return;
            }
            snapshots.remove(chunk.request());
            complete(chunk.request(), script.toString(StandardCharsets.UTF_8));
        } else if (message instanceof Control.Entries entries) {
            complete(entries.request(), entries);
        } else if (message instanceof Control.NeedSnapshot need) {
            complete(need.request(), need);
        }
    }

    private void complete(long request, Object value) {
        CompletableFuture<Object> future = responses.remove(request);
        if (future != null) {
            future.complete(value);
        }
    }

    private void sync(View view, long viewId, Address self) throws Exception {
        Applier.Mark mark = onApplier(Applier::mark);
        Control.Report own = new Control.Report(viewId, mark.epoch(), mark.position(), mark.hash(), mark.trusted(),
                false);
        sent = own;
        replica.send(null, own);
        Map<Address, Control.Report> all = awaitReports(view, viewId, own);
        Address authority = null;
        Control.Report best = null;
        long maxEpoch = 0;
        for (Address member : view.getMembers()) {
            Control.Report r = all.get(member);
            maxEpoch = Math.max(maxEpoch, r.epoch());
            if (best == null || r.epoch() > best.epoch() || (r.epoch() == best.epoch() && r.position() > best.position())
                    || (r.epoch() == best.epoch() && r.position() == best.position() && r.trusted() && !best.trusted())) {
                best = r;
                authority = member;
            }
        }
        if (!authority.equals(self)) {
            catchUp(authority, best, viewId);
        }
        long epoch = maxEpoch + 1;
        onApplier(a -> {
            a.startEpoch(epoch);
            return null;
        });
        LOG.info("{}: view {} reconciled at position {} (authority {}), epoch {}", node, viewId,
                onApplier(Applier::mark).position(), authority, epoch);
        if (currentView == viewId) {
            replica.synced(viewId);
        }
    }

    /**
     * Waits for every member's report in this view; while some are missing, sends its own again each second, asking
     * the others to answer with theirs.
     */
    private Map<Address, Control.Report> awaitReports(View view, long viewId, Control.Report own) throws Exception {
        long askedAt = System.nanoTime();
        while (true) {
            synchronized (reports) {
                checkCurrent(viewId);
                Map<Address, Control.Report> got = reports.getOrDefault(viewId, Map.of());
                if (got.keySet().containsAll(view.getMembers())) {
                    return new HashMap<>(got);
                }
                if (System.nanoTime() - askedAt < TimeUnit.MILLISECONDS.toNanos(ASK_AGAIN_MILLIS)) {
                    reports.wait(WAIT_MILLIS); // woken by each report; looks again whether the view is still current
                    continue;
                }
                LOG.debug("{}: view {}: reports of {} still missing; asking again", node, viewId,
                        view.getMembers().stream().filter(m -> !got.containsKey(m)).toList());
            }
            askedAt = System.nanoTime();
            replica.send(null, own.asked()); // not under the lock: the receiving thread takes it for each report
        }
    }

    /**
     * Brings this member to the authority's history, up to at least its reported position: the entries it lacks from
     * the authority's log, or a snapshot when the log cannot (it does not reach back, or this member's history
     * differs: it is ahead with an older epoch, or at a position with another hash).
     */
    private void catchUp(Address authority, Control.Report target, long viewId) throws Exception {
        long started = System.nanoTime();
        long from = onApplier(Applier::mark).position();
        boolean fromLog = false;
        while (true) {
            Applier.Mark mark = onApplier(Applier::mark);
            if (mark.position() == target.position() && Arrays.equals(mark.hash(), target.hash())
                    && mark.trusted() && target.trusted()) {
                return;
            }
            // After a crash a replica's sequences run ahead of its data: neither it nor, from such an authority,
            // anyone else can continue from the log; a snapshot carries data and sequences together.
            if (mark.position() < target.position() && mark.trusted() && target.trusted()) {
                Object reply = request(authority, id -> new Control.Fetch(id, mark.position(), mark.hash()), viewId);
                if (reply instanceof Control.Entries entries) {
                    if (entries.entries().isEmpty()) {
                        throw new IllegalStateException("the authority's log ends before its reported position");
                    }
                    onApplier(a -> {
                        for (Control.Entry e : entries.entries()) {
                            if (e.position() > a.mark().position()) {
                                a.applyEntry(e.position(), e.epoch(), e.hash(), e.command());
                            }
                        }
                        return null;
                    });
                    fromLog = true;
                    long now = onApplier(Applier::mark).position();
                    if (now >= target.position()) {
                        metrics.catchUps.increment();
                        LOG.info("{}: caught up from {}'s log: positions {} to {} in {} ms", node, authority, from,
                                now, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
                        return; // on the authority's history, up to where it was (or further)
                    }
                    continue;
                }
            }
            LOG.info("{}: re-seeding from {}'s snapshot: its log does not continue this replica's history from "
                    + "position {} (it is at {}){}", node, authority, mark.position(), target.position(),
                    fromLog ? ", after catching up from its log" : "");
            String script = (String) request(authority, Control.SnapshotRequest::new, viewId);
            onApplier(a -> {
                a.installSnapshot(new StringReader(script));
                return null;
            });
            metrics.reseeds.increment();
            LOG.info("{}: installed {}'s snapshot ({} characters) at position {} in {} ms", node, authority,
                    script.length(), onApplier(Applier::mark).position(),
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
            return;
        }
    }

    private Object request(Address to, java.util.function.LongFunction<Object> message, long viewId) throws Exception {
        long id = requests.incrementAndGet();
        CompletableFuture<Object> future = new CompletableFuture<>();
        responses.put(id, future);
        try {
            replica.send(to, message.apply(id));
            while (true) {
                checkCurrent(viewId);
                try {
                    return future.get(WAIT_MILLIS, TimeUnit.MILLISECONDS);
                } catch (TimeoutException e) {
                    // no reply yet; look whether the view is still current
                }
            }
        } finally {
            responses.remove(id);
            snapshots.remove(id);
        }
    }

    private <T> T onApplier(ApplierFunction<T> function) throws Exception {
        CompletableFuture<T> result = new CompletableFuture<>();
        applier.submit(a -> {
            try {
                result.complete(function.apply(a));
            } catch (Exception e) {
                result.completeExceptionally(e);
                throw e;
            }
        });
        try {
            return result.get();
        } catch (java.util.concurrent.ExecutionException e) {
            throw e.getCause() instanceof Exception x ? x : e;
        }
    }

    private interface ApplierFunction<T> {
        T apply(Applier applier) throws Exception;
    }

    private void checkCurrent(long viewId) {
        if (currentView != viewId) {
            throw new Abandoned();
        }
    }

    /** A newer view took over. */
    private static final class Abandoned extends RuntimeException {
        Abandoned() {
            super(null, null, false, false);
        }
    }

    @Override
    public void close() {
        currentView = Long.MAX_VALUE;
        thread.shutdownNow();
    }

    static List<Address> members(View view) {
        return view.getMembers();
    }
}
