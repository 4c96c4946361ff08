package io.abcast.jdbc.internal;

import io.abcast.replicator.SqlStates;
import io.abcast.replicator.Values;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Calendar;

/**
 * Turns what an application binds into a value a command can carry, meaning the same on every replica: legacy date
 * and time values become {@code java.time} values as H2 would convert them at the origin, streams and LOBs are read
 * whole, arrays are copied.
 */
final class ParamValues {

    private ParamValues() {
    }

    /**
     * A value bound with {@code setObject} (or a typed setter); legacy date and time values are read in the
     * session's time zone, as H2 reads them.
     */
    static Object of(Object x, ZoneId zone) throws SQLException {
        if (x == null || x instanceof String || x instanceof Integer || x instanceof Long) {
            return x;
        }
        if (x instanceof java.sql.Timestamp ts) {
            return timestamp(ts, null, zone);
        }
        if (x instanceof java.sql.Date d) {
            return date(d, null, zone);
        }
        if (x instanceof java.sql.Time t) {
            return time(t, null, zone);
        }
        if (x instanceof java.util.Date d) {
            return LocalDateTime.ofInstant(d.toInstant(), zone);
        }
        if (x instanceof Calendar c) {
            return c.toInstant().atZone(c.getTimeZone().toZoneId()).toOffsetDateTime();
        }
        if (x instanceof ZonedDateTime z) {
            return z.toOffsetDateTime();
        }
        if (x instanceof Character c) {
            return c.toString();
        }
        if (x instanceof byte[] b) {
            return b.clone();
        }
        if (x instanceof Object[] array) {
            Object[] copy = new Object[array.length];
            for (int i = 0; i < array.length; i++) {
                copy[i] = of(array[i], zone);
            }
            return copy;
        }
        if (x instanceof Array a) {
            return of(a.getArray(), zone);
        }
        if (x instanceof Blob b) {
            return b.getBytes(1, Math.toIntExact(b.length()));
        }
        if (x instanceof Clob c) {
            return c.getSubString(1, Math.toIntExact(c.length()));
        }
        if (x instanceof InputStream in) {
            return bytes(in, -1);
        }
        if (x instanceof Reader r) {
            return chars(r, -1);
        }
        if (!Values.isSupported(x)) {
            throw new SQLFeatureNotSupportedException("a parameter of type " + x.getClass().getName()
                    + " cannot be replicated; bind one of: " + Values.supportedTypes(), SqlStates.NOT_SUPPORTED);
        }
        return x;
    }

    /** The local date of the instant, in the calendar's zone or else the session's, as H2 converts it. */
    static Object date(java.sql.Date x, Calendar cal, ZoneId zone) {
        if (x == null) {
            return null;
        }
        return Instant.ofEpochMilli(x.getTime()).atZone(zoneOf(cal, zone)).toLocalDate();
    }

    /** The local time of the instant, in the calendar's zone or else the session's, as H2 converts it. */
    static Object time(java.sql.Time x, Calendar cal, ZoneId zone) {
        if (x == null) {
            return null;
        }
        return Instant.ofEpochMilli(x.getTime()).atZone(zoneOf(cal, zone)).toLocalTime();
    }

    /** The local date-time of the instant, in the calendar's zone or else the session's, as H2 converts it. */
    static Object timestamp(java.sql.Timestamp x, Calendar cal, ZoneId zone) {
        if (x == null) {
            return null;
        }
        return LocalDateTime.ofInstant(x.toInstant(), zoneOf(cal, zone));
    }

    private static ZoneId zoneOf(Calendar cal, ZoneId zone) {
        return cal == null ? zone : cal.getTimeZone().toZoneId();
    }

    /** Reads a stream whole, or its first {@code length} bytes when length is not negative. */
    static byte[] bytes(InputStream in, long length) throws SQLException {
        if (in == null) {
            return null;
        }
        try {
            byte[] all = length < 0 ? in.readAllBytes() : in.readNBytes(Math.toIntExact(length));
            return all;
        } catch (IOException e) {
            throw new SQLException("reading the parameter's stream failed: " + e.getMessage(), "90028", 90028, e);
        }
    }

    /** Reads an ASCII stream as text. */
    static String ascii(InputStream in, long length) throws SQLException {
        byte[] b = bytes(in, length);
        return b == null ? null : new String(b, StandardCharsets.ISO_8859_1);
    }

    /** Reads a character stream whole, or its first {@code length} characters when length is not negative. */
    static String chars(Reader reader, long length) throws SQLException {
        if (reader == null) {
            return null;
        }
        try {
            StringBuilder sb = new StringBuilder();
            char[] buf = new char[8192];
            long left = length < 0 ? Long.MAX_VALUE : length;
            int n;
            while (left > 0 && (n = reader.read(buf, 0, (int) Math.min(buf.length, left))) > 0) {
                sb.append(buf, 0, n);
                left -= n;
            }
            return sb.toString();
        } catch (IOException e) {
            throw new SQLException("reading the parameter's reader failed: " + e.getMessage(), "90028", 90028, e);
        }
    }

}
