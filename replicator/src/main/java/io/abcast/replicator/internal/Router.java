package io.abcast.replicator.internal;

import org.jgroups.Address;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

/**
 * Decides what becomes of each totally ordered message a replica delivers, by the state of its view:
 * <ul>
 * <li>outside a primary component: dropped (a minority applies nothing; it catches up after the partition heals);</li>
 * <li>while a new primary view is being reconciled: held back if the view's sequencer sequenced it, dropped if an
 * earlier sequencer did (a straggler: what survivors applied of the old sequencer's is reconciled instead);</li>
 * <li>once reconciled: queued for the applier, if the view's sequencer sequenced it.</li>
 * </ul>
 *
 * <p>Thread safe.
 */
final class Router {

    private enum Mode { NOT_PRIMARY, SYNCING, SYNCED }

    private static final Logger LOG = LoggerFactory.getLogger(Router.class);

    private final String node;
    private final Applier applier;
    private final List<byte[]> held = new ArrayList<>();
    private Mode mode = Mode.NOT_PRIMARY;
    private long viewId = -1;
    private Address sequencer;

    Router(String node, Applier applier) {
        this.node = node;
        this.applier = applier;
    }

    /** A new view: reconciling starts if it is primary. */
    synchronized void view(long newViewId, Address coordinator, boolean primary) {
        viewId = newViewId;
        sequencer = coordinator;
        held.clear();
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
        switch (mode) {
            case SYNCED -> {
                if (sequencer.equals(sequencedBy)) {
                    applier.deliver(payload);
                } else {
                    LOG.debug("{}: dropping a message sequenced by {}, not by this view's sequencer", node, sequencedBy);
                }
            }
            case SYNCING -> {
                if (sequencer.equals(sequencedBy)) {
                    held.add(payload);
                }
            }
            default -> LOG.debug("{}: dropping a message delivered outside a primary component", node);
        }
    }
}
