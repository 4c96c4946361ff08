package io.abcast.replicator.internal;

import org.jgroups.Address;
import org.jgroups.ViewId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

/**
 * Decides what becomes of each totally ordered message a replica delivers, by who sequenced it, in which view (the
 * sequencer's stamp, the same at every member) and the state of the replica's view:
 * <ul>
 * <li>sequenced in a past view (a past sequencer's stragglers among them): dropped. After a sequencer fails,
 * survivors can still deliver some of its messages, not all of them the same; and a view change reaches members at
 * different moments, so what they held of the past view differs too. What any replica applied of it is reconciled
 * instead;</li>
 * <li>sequenced in a view this replica has not installed yet: held until it does (the new sequencer may start before
 * this replica learns of the view);</li>
 * <li>outside a primary component: dropped (a minority applies nothing; it catches up after the partition heals);</li>
 * <li>while the view is being reconciled: held back;</li>
 * <li>once reconciled: queued for the applier.</li>
 * </ul>
 *
 * <p>Thread safe.
 */
final class Router {

    private enum Mode { NOT_PRIMARY, SYNCING, SYNCED }

    /** Where messages go once their view is reconciled: the applier. */
    interface Sink {
        void deliver(byte[] payload) throws InterruptedException;
    }

    /** A message of a view this replica has not installed yet. */
    private record Early(byte[] payload, Address sequencedBy, ViewId stamp) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(Router.class);

    private final String node;
    private final Sink applier;
    private final List<byte[]> held = new ArrayList<>();
    private final List<Early> early = new ArrayList<>();
    private Mode mode = Mode.NOT_PRIMARY;
    private ViewId view;
    private Address sequencer;

    Router(String node, Sink applier) {
        this.node = node;
        this.applier = applier;
    }

    /** A new view: reconciling starts if it is primary. What the previous view held back is dropped. */
    synchronized void view(ViewId newView, Address coordinator, boolean primary) {
        view = newView;
        sequencer = coordinator;
        held.clear();
        for (Early e : early) {
            if (primary && ofThisView(e.sequencedBy(), e.stamp())) {
                held.add(e.payload());
            }
        }
        early.removeIf(e -> !isFuture(e.stamp()));
        mode = primary ? Mode.SYNCING : Mode.NOT_PRIMARY;
    }

    /** The view is reconciled: what it sequenced, held back so far, goes to the applier. */
    synchronized void synced(long reconciledViewId) throws InterruptedException {
        if (view == null || reconciledViewId != view.getId() || mode != Mode.SYNCING) {
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

    synchronized void deliver(byte[] payload, Address sequencedBy, ViewId stamp) throws InterruptedException {
        if (sequencedBy == null || stamp == null) {
            LOG.debug("{}: dropping a message without a sequencer's stamp", node);
            return;
        }
        if (isFuture(stamp)) {
            early.add(new Early(payload, sequencedBy, stamp)); // its view has not reached this replica yet
            return;
        }
        if (!ofThisView(sequencedBy, stamp)) {
            LOG.debug("{}: dropping a message sequenced in view {}, this replica is in {}", node, stamp, view);
            return;
        }
        switch (mode) {
            case SYNCED -> applier.deliver(payload);
            case SYNCING -> held.add(payload);
            default -> LOG.debug("{}: dropping a message delivered outside a primary component", node);
        }
    }

    private boolean isFuture(ViewId stamp) {
        return view == null || stamp.getId() > view.getId();
    }

    private boolean ofThisView(Address sequencedBy, ViewId stamp) {
        return stamp.equals(view) && sequencedBy.equals(sequencer);
    }
}
