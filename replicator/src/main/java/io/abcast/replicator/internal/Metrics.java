package io.abcast.replicator.internal;

import java.util.concurrent.atomic.LongAdder;

/** The counters of one replica, fed by its parts; {@link io.abcast.replicator.ReplicaMetrics} is read from them. */
public final class Metrics {

    final LongAdder applied = new LongAdder();
    final LongAdder transactions = new LongAdder();
    final Window applyTimes = new Window();
    final LongAdder broadcasts = new LongAdder();
    final Window broadcastTimes = new Window();
    final LongAdder aborts = new LongAdder();
    final LongAdder refusals = new LongAdder();
    final LongAdder catchUps = new LongAdder();
    final LongAdder reseeds = new LongAdder();

    /** A command was applied (committed or failed) in this many nanoseconds. */
    void applied(long nanos) {
        applied.increment();
        applyTimes.record(nanos);
    }

    /** The applier committed a transaction (a group of commands). */
    void committed() {
        transactions.increment();
    }

    /** A write of this node was acknowledged this many nanoseconds after it was broadcast. */
    void acknowledged(long nanos) {
        broadcasts.increment();
        broadcastTimes.record(nanos);
    }

    /** A transaction of this node ended in 40001. */
    public void aborted() {
        aborts.increment();
    }

    /** SQL was refused before anything was sent. */
    public void refused() {
        refusals.increment();
    }

    public long appliedTotal() {
        return applied.sum();
    }

    public long transactionsTotal() {
        return transactions.sum();
    }

    public double appliedPerSecond() {
        return applyTimes.perSecond();
    }

    public double applyMicros() {
        return applyTimes.mean() / 1_000;
    }

    public long broadcastsTotal() {
        return broadcasts.sum();
    }

    public double broadcastMillis() {
        return broadcastTimes.mean() / 1_000_000;
    }

    public long abortsTotal() {
        return aborts.sum();
    }

    public long refusalsTotal() {
        return refusals.sum();
    }

    public long catchUpsTotal() {
        return catchUps.sum();
    }

    public long reseedsTotal() {
        return reseeds.sum();
    }
}
