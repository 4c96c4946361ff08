package io.abcast.replicator;

import org.jgroups.Address;
import org.jgroups.conf.ClassConfigurator;
import io.abcast.replicator.internal.GuardedTcp;

import java.io.ByteArrayOutputStream;

/**
 * The shipped TCP transport, recording every byte it hands to a socket: what an observer of the network would see. For
 * tests; one recording for the whole JVM.
 */
public final class TappedTcp extends GuardedTcp {

    private static final ByteArrayOutputStream WIRE = new ByteArrayOutputStream();

    static {
        ClassConfigurator.addProtocol((short) 1999, TappedTcp.class);
    }

    @Override
    public void send(Address dest, byte[] data, int offset, int length) throws Exception {
        synchronized (WIRE) {
            WIRE.write(data, offset, length);
        }
        super.send(dest, data, offset, length);
    }

    /** Everything sent so far. */
    static byte[] recorded() {
        synchronized (WIRE) {
            return WIRE.toByteArray();
        }
    }

    static void clear() {
        synchronized (WIRE) {
            WIRE.reset();
        }
    }
}
