package io.abcast.replicator.internal;

import io.abcast.replicator.Certification;
import io.abcast.replicator.Command;
import io.abcast.replicator.CommandId;
import io.abcast.replicator.KeyRequest;
import io.abcast.replicator.SessionContext;
import io.abcast.replicator.SqlCall;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Encodes a {@link Command} as bytes and back. The encoding is the command's identity for the running hash, so it
 * must be the same on every replica: it is produced once, at the origin, and every replica hashes the bytes it
 * received.
 *
 * <p>Layout: format version, id, context, then the calls; values as {@link ValueCodec} writes them. Decoding checks
 * every length against what is left, so a malformed message fails with an {@link IOException} rather than a huge
 * allocation.
 */
public final class CommandCodec {

    /** Bumped when the layout changes; a replica refuses a version it does not know. */
    static final int FORMAT = 1;

    private CommandCodec() {
    }

    public static byte[] encode(Command command) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(FORMAT);
            CommandId id = command.id();
            ValueCodec.writeString(out, id.origin());
            out.writeLong(id.session());
            out.writeLong(id.request());
            SessionContext context = command.context();
            ValueCodec.writeString(out, context.schema());
            ValueCodec.writeString(out, context.timeZone());
            out.writeLong(context.timestamp().getEpochSecond());
            out.writeInt(context.timestamp().getNano());
            out.writeLong(context.seed());
            out.writeInt(context.settings().size());
            for (Map.Entry<String, String> setting : context.settings().entrySet()) {
                ValueCodec.writeString(out, setting.getKey());
                ValueCodec.writeString(out, setting.getValue());
            }
            out.writeInt(command.calls().size());
            for (SqlCall call : command.calls()) {
                writeCall(out, call);
            }
            writeCertification(out, command.certification());
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a byte array does not fail
        }
        return bytes.toByteArray();
    }

    /**
     * The command in these bytes.
     *
     * @throws IOException if they are not a well-formed command of this format; never another exception, whatever
     *                     the bytes
     */
    public static Command decode(byte[] data, int offset, int length) throws IOException {
        try {
            return read(data, offset, length);
        } catch (RuntimeException e) {
            throw new IOException("malformed command: " + e, e);
        }
    }

    private static Command read(byte[] data, int offset, int length) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(data, offset, length));
        int format = in.readUnsignedByte();
        if (format != FORMAT) {
            throw new IOException("unknown command format " + format + " (this replica reads format " + FORMAT + ")");
        }
        CommandId id = new CommandId(ValueCodec.readString(in), in.readLong(), in.readLong());
        String schema = ValueCodec.readString(in);
        String timeZone = ValueCodec.readString(in);
        Instant timestamp;
        try {
            timestamp = Instant.ofEpochSecond(in.readLong(), in.readInt());
        } catch (java.time.DateTimeException | ArithmeticException e) {
            throw new IOException("malformed command timestamp", e);
        }
        long seed = in.readLong();
        SortedMap<String, String> settings = new TreeMap<>();
        int n = ValueCodec.readCount(in, 8);
        for (int i = 0; i < n; i++) {
            settings.put(ValueCodec.readString(in), ValueCodec.readString(in));
        }
        SessionContext context = new SessionContext(schema, timeZone, timestamp, seed, settings);
        int calls = ValueCodec.readCount(in, 1);
        List<SqlCall> callList = new ArrayList<>(calls);
        for (int i = 0; i < calls; i++) {
            callList.add(readCall(in));
        }
        Certification certification = readCertification(in);
        if (in.available() != 0) {
            throw new IOException(in.available() + " bytes after the command");
        }
        try {
            return new Command(id, context, callList, certification);
        } catch (IllegalArgumentException e) {
            throw new IOException("malformed command: " + e.getMessage(), e);
        }
    }

    private static void writeCertification(DataOutputStream out, Certification certification) throws IOException {
        out.writeBoolean(certification != null);
        if (certification == null) {
            return;
        }
        out.writeInt(certification.observations().size());
        for (byte[] observation : certification.observations()) {
            out.writeInt(observation.length);
            out.write(observation);
        }
        out.writeInt(certification.draws().size());
        for (Map.Entry<String, long[]> draw : certification.draws().entrySet()) {
            ValueCodec.writeString(out, draw.getKey());
            out.writeInt(draw.getValue().length);
            for (long v : draw.getValue()) {
                out.writeLong(v);
            }
        }
    }

    private static Certification readCertification(DataInputStream in) throws IOException {
        if (!in.readBoolean()) {
            return null;
        }
        int n = ValueCodec.readCount(in, 4);
        List<byte[]> observations = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            byte[] observation = new byte[ValueCodec.readCount(in, 1)];
            in.readFully(observation);
            observations.add(observation);
        }
        SortedMap<String, long[]> draws = new TreeMap<>();
        int keys = ValueCodec.readCount(in, 8);
        for (int i = 0; i < keys; i++) {
            String key = ValueCodec.readString(in);
            long[] values = new long[ValueCodec.readCount(in, 8)];
            for (int j = 0; j < values.length; j++) {
                values[j] = in.readLong();
            }
            draws.put(key, values);
        }
        return new Certification(observations, draws);
    }

    private static void writeCall(DataOutputStream out, SqlCall call) throws IOException {
        out.writeByte(call.method().ordinal());
        out.writeBoolean(call.prepared());
        out.writeInt(call.sql().size());
        for (String s : call.sql()) {
            ValueCodec.writeString(out, s);
        }
        out.writeInt(call.params().size());
        for (Object[] row : call.params()) {
            out.writeInt(row.length);
            for (Object v : row) {
                ValueCodec.write(out, v);
            }
        }
        writeKeys(out, call.keys());
    }

    private static SqlCall readCall(DataInputStream in) throws IOException {
        int method = in.readUnsignedByte();
        if (method >= SqlCall.Method.values().length) {
            throw new IOException("unknown call method " + method);
        }
        boolean prepared = in.readBoolean();
        int n = ValueCodec.readCount(in, 4);
        List<String> sql = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            sql.add(ValueCodec.readString(in));
        }
        int rows = ValueCodec.readCount(in, 4);
        List<Object[]> params = new ArrayList<>(rows);
        for (int r = 0; r < rows; r++) {
            Object[] row = new Object[ValueCodec.readCount(in, 1)];
            for (int i = 0; i < row.length; i++) {
                row[i] = ValueCodec.read(in);
            }
            params.add(row);
        }
        KeyRequest keys = readKeys(in);
        try {
            return new SqlCall(SqlCall.Method.values()[method], prepared, sql, params, keys);
        } catch (IllegalArgumentException e) {
            throw new IOException("malformed call: " + e.getMessage(), e);
        }
    }

    private static void writeKeys(DataOutputStream out, KeyRequest keys) throws IOException {
        if (keys.isNone()) {
            out.writeByte(0);
        } else if (keys.isAll()) {
            out.writeByte(1);
        } else if (keys.columnIndexes() != null) {
            int[] indexes = keys.columnIndexes();
            out.writeByte(2);
            out.writeInt(indexes.length);
            for (int i : indexes) {
                out.writeInt(i);
            }
        } else {
            String[] names = keys.columnNames();
            out.writeByte(3);
            out.writeInt(names.length);
            for (String name : names) {
                ValueCodec.writeString(out, name);
            }
        }
    }

    private static KeyRequest readKeys(DataInputStream in) throws IOException {
        int tag = in.readUnsignedByte();
        switch (tag) {
            case 0:
                return KeyRequest.NONE;
            case 1:
                return KeyRequest.ALL;
            case 2: {
                int[] indexes = new int[ValueCodec.readCount(in, 4)];
                for (int i = 0; i < indexes.length; i++) {
                    indexes[i] = in.readInt();
                }
                return KeyRequest.indexes(indexes);
            }
            case 3: {
                String[] names = new String[ValueCodec.readCount(in, 4)];
                for (int i = 0; i < names.length; i++) {
                    names[i] = ValueCodec.readString(in);
                }
                return KeyRequest.names(names);
            }
            default:
                throw new IOException("unknown generated-keys tag " + tag);
        }
    }
}
