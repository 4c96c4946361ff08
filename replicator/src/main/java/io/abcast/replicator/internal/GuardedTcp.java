package io.abcast.replicator.internal;

import org.jgroups.Address;
import org.jgroups.conf.ClassConfigurator;
import org.jgroups.protocols.TCP;

import java.io.DataInput;
import java.io.IOException;

/**
 * JGroups' TCP transport, reading each frame whole before parsing it. TCP parses a frame straight from the socket, so
 * a frame of a few bytes that declares a payload of a gigabyte has that array allocated and then waits for the bytes,
 * holding the memory for as long as the sender keeps the connection open. Read into a buffer first (no longer than
 * {@code max_length}, which this transport requires), such a frame fails at once and its allocation is garbage.
 */
public class GuardedTcp extends TCP {

    private static final short PROTOCOL_ID = 1932;

    static {
        ClassConfigurator.addProtocol(PROTOCOL_ID, GuardedTcp.class);
    }

    @Override
    public void init() throws Exception {
        if (max_length <= 0) {
            throw new IllegalArgumentException("GuardedTcp needs max_length, the largest frame accepted");
        }
        super.init();
    }

    @Override
    public void receive(Address sender, DataInput in, int length) throws Exception {
        if (length < 0 || length > max_length) {
            throw new IOException("a frame of " + length + " bytes from " + sender + " (at most " + max_length
                    + " accepted)");
        }
        byte[] frame = new byte[length];
        in.readFully(frame);
        receive(sender, frame, 0, length);
    }
}
