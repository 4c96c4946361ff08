package io.abcast.replicator.internal;

import org.jgroups.Address;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Decides what becomes of each totally ordered message a replica delivers, by who sequenced it and the state of the
 * replica's view:
 * <ul>
 * <li>sequenced by a past view's sequencer: dropped. After a sequencer fails, survivors can still deliver some of
 * its messages, not all of them the same; what they applied of its is reconciled instead;</li>
 * <li>sequenced by a member that is not yet this replica's sequencer: held until the view that makes it one arrives
 * (the new sequencer may start before this replica learns of the view);</li>
 * <li>outside a primary component: dropped (a minority applies nothing; it catches up after the partition heals);</li>
 * <li>while a new primary view is being reconciled: held back;</li>
 * <li>once reconciled: queued for the applier.</li>
 * </ul>
 *
 * <p>Thread safe.
 */
final class Router {

    private enum Mode { NOT_PRIMARY, SYNCING, SYNCED }

    /** A message and who sequenced it. */
    private record Early(byte[] payload, Address sequencedBy) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(Router.class);

    private final String node;
    private final Applier applier;
    private final List<byte[]> held = new ArrayList<>();
    private final List<Early> early = new ArrayList<>();
    private final Set<Address> pastSequencers = new HashSet<>();
    private Mode mode = Mode.NOT_PRIMARY;
    private long viewId = -1;
    private Address sequencer;

    Router(String node, Applier applier) {
        this.node = node;
        this.applier = applier;
    }

    /** A new view: reconciling starts if it is primary. */
    synchronized void view(long newViewId, Address coordinator, boolean primary) {
        if (sequencer != null && !sequencer.equals(coordinator)) {
            pastSequencers.add(sequencer);
        }
        pastSequencers.remove(coordinator); // a sequencer again, after a partition healed
        viewId = newViewId;
        sequencer = coordinator;
        held.clear();
        for (Early e : early) {
            if (primary && coordinator.equals(e.sequencedBy())) {
                held.add(e.payload());
            }
        }
        early.removeIf(e -> coordinator.equals(e.sequencedBy()) || pastSequencers.contains(e.sequencedBy()));
        mode = primary ? Mode.SYNCING : Mode.NOT_PRIMARY;
    }

    /** The view is reconciled: what it sequenced, held back so far, goes to the applier. */
    synchronized void synced(long reconciledViewId) throws InterruptedException {
        if (reconciledViewId != viewId || mode != Mode.SYNCING) {
            return;
        }
        for (byte[] payload : held) {
            applier.deliver(payload);
        }
        held.clear();
        mode = Mode.SYNCED;
    }

    /** Whether the replica's view is primary and reconciled. */
    synchronized boolean synced() {
        return mode == Mode.SYNCED;
    }

    synchronized void deliver(byte[] payload, Address sequencedBy) throws InterruptedException {
        if (sequencedBy == null || pastSequencers.contains(sequencedBy)) {
            LOG.debug("{}: dropping a message sequenced by {}, a past sequencer", node, sequencedBy);
            return;
        }
        if (!sequencedBy.equals(sequencer)) {
            early.add(new Early(payload, sequencedBy)); // its view has not reached this replica yet
            return;
        }
        switch (mode) {
            case SYNCED -> applier.deliver(payload);
            case SYNCING -> held.add(payload);
            default -> LOG.debug("{}: dropping a message delivered outside a primary component", node);
        }
    }
}
