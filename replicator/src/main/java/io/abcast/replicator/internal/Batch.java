package io.abcast.replicator.internal;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Several encoded commands in one broadcast message, so that what a node's clients send while a broadcast is under
 * way costs one message through the sequencer rather than one each. Every replica splits the same bytes the same
 * way, and each command keeps its own position, hash and log entry, as if it had come alone.
 *
 * <p>Layout: {@value #MARKER} (a letter no command or control message starts with), the count, then each command's
 * length and bytes.
 */
final class Batch {

    static final byte MARKER = 'B';

    private Batch() {
    }

    static boolean isBatch(byte[] message) {
        return message.length > 0 && message[0] == MARKER;
    }

    static byte[] encode(List<byte[]> commands) {
        int size = 1 + 4;
        for (byte[] c : commands) {
            size += 4 + c.length;
        }
        ByteBuffer out = ByteBuffer.allocate(size);
        out.put(MARKER).putInt(commands.size());
        for (byte[] c : commands) {
            out.putInt(c.length).put(c);
        }
        return out.array();
    }

    /** The commands in a batch; empty if the framing is malformed (every replica drops the same bytes alike). */
    static List<byte[]> split(byte[] message) {
        ByteBuffer in = ByteBuffer.wrap(message);
        if (in.remaining() < 5 || in.get() != MARKER) {
            return List.of();
        }
        int count = in.getInt();
        if (count < 0 || count > in.remaining() / 4) {
            return List.of();
        }
        List<byte[]> commands = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            if (in.remaining() < 4) {
                return List.of();
            }
            int length = in.getInt();
            if (length < 0 || length > in.remaining()) {
                return List.of();
            }
            byte[] command = new byte[length];
            in.get(command);
            commands.add(command);
        }
        return in.hasRemaining() ? List.of() : commands;
    }
}
