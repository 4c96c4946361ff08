package io.abcast.replicator.internal;

import io.abcast.replicator.Outcome;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.SQLException;

/**
 * The running hash: SHA-256 over the previous hash, the position, the command's bytes as broadcast and a summary of
 * its outcome (update counts, or the error's SQLState and code). Two replicas with the same hash at a position have
 * applied the same commands, in the same order, with the same results.
 *
 * <p>Not thread safe: one instance per applier.
 */
public final class RunningHash {

    private final MessageDigest sha;
    private final ByteBuffer scratch = ByteBuffer.allocate(64);

    RunningHash() {
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    byte[] next(byte[] previous, long position, byte[] command, Outcome outcome) {
        sha.update(previous);
        putLong(position);
        sha.update(command);
        if (outcome.failed()) {
            SQLException e = outcome.error();
            sha.update((byte) 1);
            sha.update(String.valueOf(e.getSQLState()).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            putLong(e.getErrorCode());
        } else {
            sha.update((byte) 0);
            for (Outcome.CallResult r : outcome.results()) {
                if (r.batchCounts() != null) {
                    for (long c : r.batchCounts()) {
                        putLong(c);
                    }
                } else {
                    putLong(r.resultSet() != null ? -7 : r.updateCount());
                }
            }
        }
        return sha.digest();
    }

    private void putLong(long v) {
        scratch.clear();
        scratch.putLong(v);
        sha.update(scratch.array(), 0, 8);
    }

    public static String hex(byte[] bytes) {
        StringBuilder sb = new StringBuilder(bytes.length * 2);
        for (byte b : bytes) {
            sb.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
        }
        return sb.toString();
    }
}
