package io.abcast.replicator.internal;

import io.abcast.replicator.ReplicaConfig;
import org.jgroups.BytesMessage;
import org.jgroups.JChannel;
import org.jgroups.Message;
import org.jgroups.Receiver;
import org.jgroups.View;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The JGroups channel of one replica: sends a command's bytes to every member through SEQUENCER, and hands what is
 * delivered, in delivery order, to the {@link Listener}.
 *
 * <p>Thread safety: {@link #send} may be called from any thread. The listener is called from JGroups threads, one
 * message at a time in delivery order.
 */
public final class ReplicaChannel implements AutoCloseable {

    /** What the channel delivers. */
    public interface Listener {
        /** A message in total order; the array is the listener's to keep. */
        void deliver(byte[] payload);

        /** A new view; its member names, the coordinator (sequencer) first. */
        void viewChanged(List<String> members);
    }

    private final JChannel channel;

    /**
     * Builds the stack and joins the cluster.
     *
     * @throws SQLException (08001) if the stack cannot be read or the cluster cannot be joined
     */
    public static ReplicaChannel connect(ReplicaConfig config, Listener listener) throws SQLException {
        try {
            return new ReplicaChannel(config, listener);
        } catch (Exception e) {
            throw new SQLException(config.node() + ": cannot join cluster " + config.cluster() + " with stack "
                    + config.stack() + ": " + e.getMessage(), "08001", e);
        }
    }

    private ReplicaChannel(ReplicaConfig config, Listener listener) throws Exception {
        String xml = Stacks.resolve(config);
        channel = new JChannel(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
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
                listener.deliver(payload);
            }

            @Override
            public void viewAccepted(View view) {
                List<String> names = new ArrayList<>(view.size());
                view.getMembers().forEach(a -> names.add(a.toString()));
                listener.viewChanged(names);
            }
        });
        try {
            channel.connect(config.cluster());
        } catch (Exception e) {
            channel.close();
            throw e;
        }
    }

    public void send(byte[] payload) throws Exception {
        channel.send(new BytesMessage(null, payload));
    }

    @Override
    public void close() {
        channel.close();
    }
}
