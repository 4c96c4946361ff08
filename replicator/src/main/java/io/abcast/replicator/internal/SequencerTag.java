package io.abcast.replicator.internal;

import org.jgroups.Address;
import org.jgroups.Event;
import org.jgroups.Header;
import org.jgroups.Message;
import org.jgroups.View;
import org.jgroups.ViewId;
import org.jgroups.conf.ClassConfigurator;
import org.jgroups.stack.Protocol;
import org.jgroups.util.MessageBatch;
import org.jgroups.util.Util;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.function.Supplier;

/**
 * A JGroups protocol placed directly below SEQUENCER that tells the application, for each message it delivers, which
 * member sequenced it and in which view.
 *
 * <p>SEQUENCER's coordinator broadcasts every totally ordered message, and delivers it up on the thread that
 * received the broadcast; this protocol notes the broadcast's sender for that thread while it passes up. After the
 * sequencer fails, members can still deliver a few of the old sequencer's messages (not all of them got every one,
 * and NAKACK2 drops a departed member's retransmissions): knowing who sequenced a message lets a replica set those
 * stragglers aside and reconcile with its peers instead.
 *
 * <p>The coordinator also stamps each broadcast with its view. A member learns of a view change at its own moment,
 * so which view a message arrives in differs between members; the stamp is the same everywhere, so replicas agree on
 * which view each message belongs to (which ones a view change sets aside, which ones it keeps).
 */
public final class SequencerTag extends Protocol {

    private static final short PROTOCOL_ID = 1933;
    private static final short STAMP_MAGIC = 1933;

    static {
        ClassConfigurator.addProtocol(PROTOCOL_ID, SequencerTag.class);
        ClassConfigurator.add(STAMP_MAGIC, Stamp.class);
    }

    /** Who sequenced the message being delivered, and in which of its views (null if not stamped). */
    public record Tag(Address sequencer, ViewId view) {
    }

    private static final ThreadLocal<Tag> CURRENT = new ThreadLocal<>();

    private volatile View view;

    /** The sequencer and view of the message being delivered on this thread, or null outside a delivery. */
    public static Tag current() {
        return CURRENT.get();
    }

    @Override
    public Object up(Event evt) {
        noteView(evt);
        return up_prot.up(evt);
    }

    @Override
    public Object down(Event evt) {
        noteView(evt);
        return down_prot.down(evt);
    }

    private void noteView(Event evt) {
        if (evt.getType() == Event.VIEW_CHANGE) {
            view = evt.getArg();
        }
    }

    /** A broadcast of this member's, as coordinator (SEQUENCER's ordered copy), gets the view it is sent in. */
    @Override
    public Object down(Message msg) {
        View v = view;
        Address self = local_addr;
        if (msg.getDest() == null && v != null && self != null && self.equals(v.getCoord())) {
            msg.putHeader(id, new Stamp(v.getViewId()));
        }
        return down_prot.down(msg);
    }

    @Override
    public Object up(Message msg) {
        Tag previous = CURRENT.get();
        CURRENT.set(new Tag(msg.getSrc(), stampOf(msg)));
        try {
            return up_prot.up(msg);
        } finally {
            restore(previous);
        }
    }

    @Override
    public void up(MessageBatch batch) {
        ViewId first = null;
        boolean same = true;
        boolean any = false;
        for (Message m : batch) {
            ViewId s = stampOf(m);
            if (!any) {
                first = s;
                any = true;
            } else if (!java.util.Objects.equals(first, s)) {
                same = false;
                break;
            }
        }
        if (!same) {
            // A view change inside one batch (rare): each message on its own, with its own stamp.
            for (Message m : batch) {
                up(m);
            }
            return;
        }
        Tag previous = CURRENT.get();
        CURRENT.set(new Tag(batch.sender(), first));
        try {
            up_prot.up(batch);
        } finally {
            restore(previous);
        }
    }

    private ViewId stampOf(Message msg) {
        Stamp stamp = msg.getHeader(id);
        return stamp == null ? null : stamp.view;
    }

    private static void restore(Tag previous) {
        if (previous == null) {
            CURRENT.remove();
        } else {
            CURRENT.set(previous);
        }
    }

    /** The header: the view the coordinator sequenced the message in. */
    public static final class Stamp extends Header {
        private ViewId view;

        public Stamp() {
        }

        Stamp(ViewId view) {
            this.view = view;
        }

        @Override
        public short getMagicId() {
            return STAMP_MAGIC;
        }

        @Override
        public Supplier<? extends Header> create() {
            return Stamp::new;
        }

        @Override
        public int serializedSize() {
            return Util.size(view);
        }

        @Override
        public void writeTo(DataOutput out) throws IOException {
            Util.writeViewId(view, out);
        }

        @Override
        public void readFrom(DataInput in) throws IOException, ClassNotFoundException {
            view = Util.readViewId(in);
        }

        @Override
        public String toString() {
            return "stamp " + view;
        }
    }
}
