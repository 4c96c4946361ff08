package io.abcast.replicator;

import io.abcast.replicator.Outcome.CallResult;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * What a call observed, as a digest: its update counts, the rows of its result set and generated keys, or its
 * error's SQLState and code. A transaction is certified by comparing, call by call, what its tentative run at the
 * origin observed with what the ordered re-execution on every replica observes.
 */
public final class Observation {

    private static final int LENGTH = 16;

    private Observation() {
    }

    /** The observation of a call that returned. */
    public static byte[] of(CallResult result) {
        MessageDigest sha = sha256();
        sha.update((byte) 'R');
        putLong(sha, result.updateCount());
        if (result.batchCounts() != null) {
            sha.update((byte) 'B');
            for (long c : result.batchCounts()) {
                putLong(sha, c);
            }
        }
        putRows(sha, 'S', result.resultSet());
        putRows(sha, 'K', result.generatedKeys());
        return Arrays.copyOf(sha.digest(), LENGTH);
    }

    /** The observation of a call that failed. */
    public static byte[] of(SQLException error) {
        MessageDigest sha = sha256();
        sha.update((byte) 'E');
        sha.update(String.valueOf(error.getSQLState()).getBytes(StandardCharsets.UTF_8));
        putLong(sha, error.getErrorCode());
        return Arrays.copyOf(sha.digest(), LENGTH);
    }

    private static void putRows(MessageDigest sha, char tag, Rows rows) {
        if (rows == null) {
            return;
        }
        sha.update((byte) tag);
        putLong(sha, rows.columns().size());
        for (Object[] row : rows.rows()) {
            for (Object value : row) {
                putValue(sha, value);
            }
        }
    }

    private static void putValue(MessageDigest sha, Object value) {
        if (value == null) {
            sha.update((byte) 0);
        } else if (value instanceof byte[] bytes) {
            sha.update((byte) 1);
            putLong(sha, bytes.length);
            sha.update(bytes);
        } else if (value instanceof Object[] array) {
            sha.update((byte) 2);
            putLong(sha, array.length);
            for (Object element : array) {
                putValue(sha, element);
            }
        } else {
            String s = value instanceof BigDecimal d ? d.toString() : value.toString();
            byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
            sha.update((byte) 3);
            putLong(sha, bytes.length);
            sha.update(bytes);
        }
    }

    private static void putLong(MessageDigest sha, long v) {
        sha.update(ByteBuffer.allocate(8).putLong(v).array());
    }

    /** For messages: the first bytes in hex. */
    public static String hex(byte[] observation) {
        return HexFormat.of().formatHex(observation, 0, Math.min(6, observation.length));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
