package io.abcast.replicator.internal;

import io.abcast.replicator.ReplicaConfig;
import io.abcast.replicator.SqlStates;
import org.jgroups.Address;
import org.jgroups.BytesMessage;
import org.jgroups.JChannel;
import org.jgroups.Message;
import org.jgroups.Receiver;
import org.jgroups.View;
import org.jgroups.conf.ConfiguratorFactory;
import org.jgroups.conf.ProtocolConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The JGroups channel of one replica: sends a command's bytes to every member through SEQUENCER (total order), and
 * control messages outside it; hands what arrives to the {@link Listener}, telling which member sequenced each
 * totally ordered message.
 *
 * <p>Thread safety: the send methods may be called from any thread. The listener is called from JGroups threads;
 * totally ordered messages one at a time, in delivery order.
 */
public final class ReplicaChannel implements AutoCloseable {

    /** What the channel delivers. */
    public interface Listener {
        /** A command in total order, sequenced by {@code sequencer}; the array is the listener's to keep. */
        void deliver(byte[] payload, SequencerTag.Tag tag);

        /** A control message from a member. */
        void control(byte[] payload, Address sender);

        /** A new view; the coordinator (the sequencer) first; {@code self} is this member. */
        void viewChanged(View view, Address self);
    }

    private static final Logger LOG = LoggerFactory.getLogger(ReplicaChannel.class);

    /** At most this many commands, or bytes of them, go in one broadcast. */
    private static final int MAX_BATCH_COMMANDS = 256;
    private static final int MAX_BATCH_BYTES = 64 * 1024;

    private final JChannel channel;
    private final ConcurrentLinkedQueue<byte[]> outgoing = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean sending = new AtomicBoolean();

    private final ReplicaConfig config;

    /**
     * Builds the stack; {@link #connect} joins the cluster.
     *
     * @throws SQLException (08001) if the stack cannot be read
     */
    public ReplicaChannel(ReplicaConfig config, Listener listener) throws SQLException {
        this.config = config;
        try {
            String xml = Stacks.resolve(config);
            List<ProtocolConfiguration> protocols = ConfiguratorFactory
                    .getStackConfigurator(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)))
                    .getProtocolStack();
            channel = new JChannel(StackSecurity.apply(config, xml, protocols));
            org.jgroups.stack.Protocol tag = channel.getProtocolStack().findProtocol(SequencerTag.class);
            if (tag == null || !(tag.getUpProtocol() instanceof org.jgroups.protocols.SEQUENCER)) {
                channel.close();
                throw new SQLException(config.node() + ": the JGroups stack " + config.stack() + " must have "
                        + SequencerTag.class.getName() + " directly below SEQUENCER (see the shipped tcp.xml)",
                        SqlStates.INVALID_SETTING);
            }
        } catch (SQLException e) {
            throw e;
        } catch (Exception e) {
            throw new SQLException(config.node() + ": cannot build the JGroups stack " + config.stack() + ": "
                    + e.getMessage(), "08001", e);
        }
        channel.name(config.node());
        channel.setDiscardOwnMessages(false);
        channel.setReceiver(new Receiver() {
            @Override
            public void receive(Message msg) {
                byte[] array = msg.getArray();
                int offset = msg.getOffset();
                int length = msg.getLength();
                byte[] payload = offset == 0 && length == array.length
                        ? array : Arrays.copyOfRange(array, offset, offset + length);
                if (Batch.isBatch(payload)) {
                    SequencerTag.Tag tag = SequencerTag.current();
                    for (byte[] command : Batch.split(payload)) {
                        listener.deliver(command, tag);
                    }
                } else if (Control.isControl(payload)) {
                    listener.control(payload, msg.getSrc());
                } else {
                    listener.deliver(payload, SequencerTag.current());
                }
            }

            @Override
            public void viewAccepted(View view) {
                listener.viewChanged(view, channel.getAddress());
            }
        });
    }

    /**
     * Joins the cluster.
     *
     * @throws SQLException (08001) if it cannot be joined
     */
    public void connect() throws SQLException {
        try {
            channel.connect(config.cluster());
        } catch (Exception e) {
            channel.close();
            throw new SQLException(config.node() + ": cannot join cluster " + config.cluster() + " with stack "
                    + config.stack() + ": " + e.getMessage(), "08001", e);
        }
    }

    /** How many incoming messages the cluster secret's encryption rejected; 0 without a secret. */
    public long rejectedMessages() {
        SecretEncrypt encrypt = channel.getProtocolStack().findProtocol(SecretEncrypt.class);
        return encrypt == null ? 0 : encrypt.rejected();
    }

    /** This member's address. */
    public Address address() {
        return channel.getAddress();
    }

    /**
     * Sends a command to every member, in total order. While another thread of this node broadcasts, the command
     * waits in a queue and goes in the next broadcast, with whatever else was queued meanwhile ({@link Batch}): no
     * wait is added when the node is idle. A command that was queued behind a broadcast that failed is sent again by
     * the replica's resend timer, like one lost.
     */
    public void send(byte[] payload) throws Exception {
        outgoing.add(payload);
        while (!outgoing.isEmpty() && sending.compareAndSet(false, true)) {
            List<byte[]> batch = new ArrayList<>();
            try {
                int bytes = 0;
                for (byte[] next = outgoing.peek(); next != null && batch.size() < MAX_BATCH_COMMANDS
                        && (batch.isEmpty() || bytes + next.length <= MAX_BATCH_BYTES); next = outgoing.peek()) {
                    batch.add(outgoing.poll());
                    bytes += next.length;
                }
                if (!batch.isEmpty()) {
                    channel.send(new BytesMessage(null, batch.size() == 1 ? batch.get(0) : Batch.encode(batch)));
                }
            } catch (Exception e) {
                // The caller learns of a failure only if its own command was in the broadcast that failed.
                if (batch.stream().anyMatch(b -> b == payload)) {
                    throw e;
                }
                LOG.debug("could not broadcast {} queued commands (they are sent again): {}", batch.size(),
                        e.toString());
            } finally {
                sending.set(false);
            }
        }
    }

    /** Sends bytes as one message in total order, as they are: for tests of what replicas do with junk. */
    void sendRaw(byte[] payload) throws Exception {
        channel.send(new BytesMessage(null, payload));
    }

    /** Sends a control message to one member, or to every member when {@code to} is null, outside the total order. */
    void sendControl(Address to, byte[] payload) throws Exception {
        Message msg = new BytesMessage(to, payload).setFlag(Message.Flag.NO_TOTAL_ORDER);
        channel.send(msg);
    }

    @Override
    public void close() {
        channel.close();
    }

    /**
     * Fault injection, where the stack has a DISCARD protocol: drops every message from the members with these names
     * (addresses are remembered, so they stay dropped across views); an empty set heals.
     */
    void discardFrom(java.util.Set<String> names) {
        org.jgroups.protocols.DISCARD discard = channel.getProtocolStack()
                .findProtocol(org.jgroups.protocols.DISCARD.class);
        if (discard == null) {
            throw new IllegalStateException("the stack has no DISCARD protocol to inject faults with");
        }
        if (names.isEmpty()) {
            discard.resetIgnoredMembers();
            return;
        }
        View view = channel.getView();
        for (Address a : view.getMembers()) {
            if (names.contains(a.toString())) {
                discard.addIgnoreMember(a);
            }
        }
    }

    /** Leaves without saying goodbye, as a crash would: for tests. */
    void crash() throws Exception {
        org.jgroups.util.Util.shutdown(channel);
    }
}
