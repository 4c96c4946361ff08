package io.abcast.replicator.internal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The messages replicas exchange outside the total order (JGroups' NO_TOTAL_ORDER), to reconcile after a view change,
 * to catch up, and to tell each other how far they applied. A command message starts with its format byte (1); each
 * of these starts with its own type letter, so the two never mix.
 */
final class Control {

    /**
     * After a view change: how far this member applied, and in which epoch its last command was. {@code again} marks
     * a report sent again by a member still waiting for others': each member that reported in that view answers with
     * its own report (one may have been lost, e.g. sent before the receiver installed the view).
     */
    record Report(long viewId, long epoch, long position, byte[] hash, boolean trusted, boolean again) {
        Report asked() {
            return new Report(viewId, epoch, position, hash, trusted, true);
        }
    }

    /** How far a member applied, for the durability of acknowledged writes. */
    record Applied(long position) {
    }

    /** A request for the log entries after a position, whose hash the requester has. */
    record Fetch(long request, long position, byte[] hash) {
    }

    /** One log entry. */
    record Entry(long position, long epoch, byte[] hash, byte[] command) {
    }

    /** Log entries, in order; {@code more} if the requester should ask again after them. */
    record Entries(long request, List<Entry> entries, boolean more) {
    }

    /** The log cannot bring the requester up: it needs a snapshot. */
    record NeedSnapshot(long request) {
    }

    /** A request for a snapshot. */
    record SnapshotRequest(long request) {
    }

    /** A piece of a snapshot (a SQL script); the last one says so. */
    record SnapshotChunk(long request, byte[] script, boolean last) {
    }

    static final byte REPORT = 'R';
    static final byte APPLIED = 'A';
    static final byte FETCH = 'F';
    static final byte ENTRIES = 'E';
    static final byte NEED_SNAPSHOT = 'N';
    static final byte SNAPSHOT_REQUEST = 'Q';
    static final byte SNAPSHOT_CHUNK = 'S';

    private Control() {
    }

    /** Whether a message is a control message (rather than a command). */
    static boolean isControl(byte[] message) {
        return message.length > 0 && message[0] != CommandCodec.FORMAT && message[0] != Batch.MARKER;
    }

    static byte[] encode(Object message) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            if (message instanceof Report r) {
                out.writeByte(REPORT);
                out.writeLong(r.viewId());
                out.writeLong(r.epoch());
                out.writeLong(r.position());
                writeBytes(out, r.hash());
                out.writeBoolean(r.trusted());
                out.writeBoolean(r.again());
            } else if (message instanceof Applied a) {
                out.writeByte(APPLIED);
                out.writeLong(a.position());
            } else if (message instanceof Fetch f) {
                out.writeByte(FETCH);
                out.writeLong(f.request());
                out.writeLong(f.position());
                writeBytes(out, f.hash());
            } else if (message instanceof Entries e) {
                out.writeByte(ENTRIES);
                out.writeLong(e.request());
                out.writeBoolean(e.more());
                out.writeInt(e.entries().size());
                for (Entry entry : e.entries()) {
                    out.writeLong(entry.position());
                    out.writeLong(entry.epoch());
                    writeBytes(out, entry.hash());
                    writeBytes(out, entry.command());
                }
            } else if (message instanceof NeedSnapshot n) {
                out.writeByte(NEED_SNAPSHOT);
                out.writeLong(n.request());
            } else if (message instanceof SnapshotRequest q) {
                out.writeByte(SNAPSHOT_REQUEST);
                out.writeLong(q.request());
            } else if (message instanceof SnapshotChunk c) {
                out.writeByte(SNAPSHOT_CHUNK);
                out.writeLong(c.request());
                out.writeBoolean(c.last());
                writeBytes(out, c.script());
            } else {
                throw new IllegalArgumentException("not a control message: " + message);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** The control message in these bytes; IOException, and no other exception, if they are not one. */
    static Object decode(byte[] message) throws IOException {
        try {
            return read(message);
        } catch (RuntimeException e) {
            throw new IOException("malformed control message: " + e, e);
        }
    }

    private static Object read(byte[] message) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(message));
        byte type = in.readByte();
        switch (type) {
            case REPORT:
                return new Report(in.readLong(), in.readLong(), in.readLong(), readBytes(in), in.readBoolean(),
                        in.readBoolean());
            case APPLIED:
                return new Applied(in.readLong());
            case FETCH:
                return new Fetch(in.readLong(), in.readLong(), readBytes(in));
            case ENTRIES: {
                long request = in.readLong();
                boolean more = in.readBoolean();
                int n = ValueCodec.readCount(in, 24);
                List<Entry> entries = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    entries.add(new Entry(in.readLong(), in.readLong(), readBytes(in), readBytes(in)));
                }
                return new Entries(request, entries, more);
            }
            case NEED_SNAPSHOT:
                return new NeedSnapshot(in.readLong());
            case SNAPSHOT_REQUEST:
                return new SnapshotRequest(in.readLong());
            case SNAPSHOT_CHUNK: {
                long request = in.readLong();
                boolean last = in.readBoolean();
                return new SnapshotChunk(request, readBytes(in), last);
            }
            default:
                throw new IOException("unknown control message type " + type);
        }
    }

    private static void writeBytes(DataOutputStream out, byte[] b) throws IOException {
        out.writeInt(b.length);
        out.write(b);
    }

    private static byte[] readBytes(DataInputStream in) throws IOException {
        byte[] b = new byte[ValueCodec.readCount(in, 1)];
        in.readFully(b);
        return b;
    }
}
