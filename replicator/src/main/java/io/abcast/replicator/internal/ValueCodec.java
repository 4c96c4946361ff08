package io.abcast.replicator.internal;

import io.abcast.replicator.TypedValue;
import io.abcast.replicator.Values;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZoneOffset;
import java.util.UUID;

/** Writes and reads the parameter values of {@link Values}, each behind a one-byte tag. */
final class ValueCodec {

    private static final int NULL = 0;
    private static final int BOOLEAN = 1;
    private static final int BYTE = 2;
    private static final int SHORT = 3;
    private static final int INT = 4;
    private static final int LONG = 5;
    private static final int FLOAT = 6;
    private static final int DOUBLE = 7;
    private static final int DECIMAL = 8;
    private static final int BIG_INTEGER = 9;
    private static final int STRING = 10;
    private static final int BYTES = 11;
    private static final int DATE = 12;
    private static final int TIME = 13;
    private static final int TIMESTAMP = 14;
    private static final int TIME_TZ = 15;
    private static final int TIMESTAMP_TZ = 16;
    private static final int INSTANT = 17;
    private static final int UUID_TAG = 18;
    private static final int ARRAY = 19;
    private static final int TYPED = 20;

    private ValueCodec() {
    }

    static void write(DataOutputStream out, Object v) throws IOException {
        if (v == null) {
            out.writeByte(NULL);
        } else if (v instanceof String s) {
            out.writeByte(STRING);
            writeString(out, s);
        } else if (v instanceof Integer i) {
            out.writeByte(INT);
            out.writeInt(i);
        } else if (v instanceof Long l) {
            out.writeByte(LONG);
            out.writeLong(l);
        } else if (v instanceof Boolean b) {
            out.writeByte(BOOLEAN);
            out.writeBoolean(b);
        } else if (v instanceof Byte b) {
            out.writeByte(BYTE);
            out.writeByte(b);
        } else if (v instanceof Short s) {
            out.writeByte(SHORT);
            out.writeShort(s);
        } else if (v instanceof Float f) {
            out.writeByte(FLOAT);
            out.writeInt(Float.floatToRawIntBits(f));
        } else if (v instanceof Double d) {
            out.writeByte(DOUBLE);
            out.writeLong(Double.doubleToRawLongBits(d));
        } else if (v instanceof BigDecimal d) {
            out.writeByte(DECIMAL);
            out.writeInt(d.scale());
            writeBytes(out, d.unscaledValue().toByteArray());
        } else if (v instanceof BigInteger i) {
            out.writeByte(BIG_INTEGER);
            writeBytes(out, i.toByteArray());
        } else if (v instanceof byte[] b) {
            out.writeByte(BYTES);
            writeBytes(out, b);
        } else {
            writeTemporalOrOther(out, v);
        }
    }

    private static void writeTemporalOrOther(DataOutputStream out, Object v) throws IOException {
        if (v instanceof LocalDate d) {
            out.writeByte(DATE);
            out.writeLong(d.toEpochDay());
        } else if (v instanceof LocalTime t) {
            out.writeByte(TIME);
            out.writeLong(t.toNanoOfDay());
        } else if (v instanceof LocalDateTime t) {
            out.writeByte(TIMESTAMP);
            out.writeLong(t.toLocalDate().toEpochDay());
            out.writeLong(t.toLocalTime().toNanoOfDay());
        } else if (v instanceof OffsetTime t) {
            out.writeByte(TIME_TZ);
            out.writeLong(t.toLocalTime().toNanoOfDay());
            out.writeInt(t.getOffset().getTotalSeconds());
        } else if (v instanceof OffsetDateTime t) {
            out.writeByte(TIMESTAMP_TZ);
            out.writeLong(t.toLocalDate().toEpochDay());
            out.writeLong(t.toLocalTime().toNanoOfDay());
            out.writeInt(t.getOffset().getTotalSeconds());
        } else if (v instanceof Instant i) {
            out.writeByte(INSTANT);
            out.writeLong(i.getEpochSecond());
            out.writeInt(i.getNano());
        } else if (v instanceof UUID u) {
            out.writeByte(UUID_TAG);
            out.writeLong(u.getMostSignificantBits());
            out.writeLong(u.getLeastSignificantBits());
        } else if (v instanceof Object[] array) {
            out.writeByte(ARRAY);
            out.writeInt(array.length);
            for (Object element : array) {
                write(out, element);
            }
        } else if (v instanceof TypedValue t) {
            out.writeByte(TYPED);
            out.writeInt(t.sqlType());
            write(out, t.value());
        } else {
            throw new IllegalArgumentException("a command cannot carry a " + v.getClass().getName()
                    + "; supported: " + Values.supportedTypes());
        }
    }

    static Object read(DataInputStream in) throws IOException {
        int tag = in.readUnsignedByte();
        switch (tag) {
            case NULL: return null;
            case BOOLEAN: return in.readBoolean();
            case BYTE: return in.readByte();
            case SHORT: return in.readShort();
            case INT: return in.readInt();
            case LONG: return in.readLong();
            case FLOAT: return Float.intBitsToFloat(in.readInt());
            case DOUBLE: return Double.longBitsToDouble(in.readLong());
            case DECIMAL: {
                int scale = in.readInt();
                return new BigDecimal(new BigInteger(nonEmpty(readBytes(in))), scale);
            }
            case BIG_INTEGER: return new BigInteger(nonEmpty(readBytes(in)));
            case STRING: return readString(in);
            case BYTES: return readBytes(in);
            default: return readTemporalOrOther(in, tag);
        }
    }

    private static Object readTemporalOrOther(DataInputStream in, int tag) throws IOException {
        try {
            switch (tag) {
                case DATE: return LocalDate.ofEpochDay(in.readLong());
                case TIME: return LocalTime.ofNanoOfDay(in.readLong());
                case TIMESTAMP: return LocalDateTime.of(LocalDate.ofEpochDay(in.readLong()),
                        LocalTime.ofNanoOfDay(in.readLong()));
                case TIME_TZ: return OffsetTime.of(LocalTime.ofNanoOfDay(in.readLong()),
                        ZoneOffset.ofTotalSeconds(in.readInt()));
                case TIMESTAMP_TZ: return OffsetDateTime.of(LocalDate.ofEpochDay(in.readLong()),
                        LocalTime.ofNanoOfDay(in.readLong()), ZoneOffset.ofTotalSeconds(in.readInt()));
                case INSTANT: return Instant.ofEpochSecond(in.readLong(), in.readInt());
                case UUID_TAG: return new UUID(in.readLong(), in.readLong());
                case ARRAY: {
                    Object[] array = new Object[readCount(in, 1)];
                    for (int i = 0; i < array.length; i++) {
                        array[i] = read(in);
                    }
                    return array;
                }
                case TYPED: {
                    int sqlType = in.readInt();
                    return new TypedValue(read(in), sqlType);
                }
                default:
                    throw new IOException("unknown value tag " + tag);
            }
        } catch (java.time.DateTimeException e) {
            throw new IOException("malformed date/time value: " + e.getMessage(), e);
        }
    }

    static void writeString(DataOutputStream out, String s) throws IOException {
        writeBytes(out, s.getBytes(StandardCharsets.UTF_8));
    }

    static String readString(DataInputStream in) throws IOException {
        return new String(readBytes(in), StandardCharsets.UTF_8);
    }

    private static void writeBytes(DataOutputStream out, byte[] b) throws IOException {
        out.writeInt(b.length);
        out.write(b);
    }

    private static byte[] readBytes(DataInputStream in) throws IOException {
        byte[] b = new byte[readCount(in, 1)];
        in.readFully(b);
        return b;
    }

    private static byte[] nonEmpty(byte[] b) throws IOException {
        if (b.length == 0) {
            throw new IOException("empty number");
        }
        return b;
    }

    /** Reads a count of elements that take at least {@code minBytes} each, refusing one the input cannot hold. */
    static int readCount(DataInputStream in, int minBytes) throws IOException {
        int n = in.readInt();
        if (n < 0 || (long) n * minBytes > in.available()) {
            throw new IOException("length " + n + " exceeds the " + in.available() + " bytes left");
        }
        return n;
    }
}
