package io.abcast.replicator.internal;

import org.jgroups.Address;
import org.jgroups.Message;
import org.jgroups.stack.Protocol;
import org.jgroups.util.MessageBatch;

/**
 * A JGroups protocol placed directly below SEQUENCER that tells the application which member sequenced each message
 * it delivers. SEQUENCER's coordinator broadcasts every totally ordered message, and delivers it up on the thread that
 * received the broadcast; this protocol notes the broadcast's sender for that thread while it passes up.
 *
 * <p>After the sequencer fails, members can still deliver a few of the old sequencer's messages (not all of them
 * got every one, and NAKACK2 drops a departed member's retransmissions): knowing who sequenced a message lets a
 * replica set those stragglers aside and reconcile with its peers instead.
 */
public final class SequencerTag extends Protocol {

    private static final ThreadLocal<Address> SEQUENCER = new ThreadLocal<>();

    /** The member that sequenced the message being delivered on this thread, or null outside a delivery. */
    public static Address current() {
        return SEQUENCER.get();
    }

    @Override
    public Object up(Message msg) {
        Address previous = SEQUENCER.get();
        SEQUENCER.set(msg.getSrc());
        try {
            return up_prot.up(msg);
        } finally {
            restore(previous);
        }
    }

    @Override
    public void up(MessageBatch batch) {
        Address previous = SEQUENCER.get();
        SEQUENCER.set(batch.sender());
        try {
            up_prot.up(batch);
        } finally {
            restore(previous);
        }
    }

    private static void restore(Address previous) {
        if (previous == null) {
            SEQUENCER.remove();
        } else {
            SEQUENCER.set(previous);
        }
    }
}
