package io.abcast.replicator;

/**
 * A replica's figures at one moment; the same are in JMX as {@code io.abcast:type=Replica,cluster=...,node=...}.
 * Rates and means are over the last ten complete seconds.
 *
 * @param position          the position of the last applied command
 * @param lag               how many positions this replica is behind the furthest member it has heard from
 * @param applied           commands applied since start (committed or failed alike)
 * @param transactions      H2 transactions the applier committed them in since start (commands delivered together
 *                          share one)
 * @param appliedPerSecond  commands applied per second
 * @param applyMicros       mean time to apply one command, in microseconds
 * @param acknowledged      writes of this node acknowledged since start
 * @param broadcastMillis   mean time from broadcasting a write of this node to its acknowledgment (a majority
 *                          applied it), in milliseconds
 * @param aborts            transactions of this node that ended in SQLState 40001: failed certification, or
 *                          aborted because their locks held up the applier
 * @param refusals          statements refused before anything was sent (SQL that cannot be replicated)
 * @param rejectedMessages  network messages rejected for lacking the cluster secret
 * @param catchUps          times this replica caught up from a peer's log after a view change
 * @param reseeds           times this replica was re-seeded from a peer's snapshot
 * @param viewSize          members in the current view
 * @param configuredSize    the configured cluster size ({@code abcast.size})
 * @param primary           whether the replica is in a primary component and reconciled, so it accepts writes
 */
public record ReplicaMetrics(long position, long lag, long applied, long transactions, double appliedPerSecond,
                             double applyMicros, long acknowledged, double broadcastMillis, long aborts, long refusals,
                             long rejectedMessages, long catchUps, long reseeds, int viewSize, int configuredSize,
                             boolean primary) {
}
