package io.abcast.replicator.internal;

import io.abcast.replicator.CommandId;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.UUID;

/**
 * Java functions the replica's database declares in schema {@code ABCAST}, standing in for H2 built-ins whose values
 * H2 draws from a source no session controls. The driver writes {@code ABCAST.REPLICATED_UUID()} where an application
 * wrote {@code RANDOM_UUID()} or {@code UUID()} in a write, including in column defaults.
 *
 * <p>While the applier applies a command, the UUIDs come from the command's seed and id and a counter (SHA-256 of
 * them), so every replica draws the same ones in the same order and no two commands draw the same. Outside the
 * applier (a read on an application's connection) they are plain random UUIDs.
 */
public final class DeterministicFunctions {

    private static final ThreadLocal<Source> CURRENT = new ThreadLocal<>();
    private static final SecureRandom SECURE = new SecureRandom();

    /** The state of one command's draws. */
    private static final class Source {
        private final MessageDigest sha;
        private final byte[] prefix;
        private final Instant timestamp;
        private long counter;

        Source(CommandId id, long seed, Instant timestamp) {
            try {
                sha = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("every Java runtime has SHA-256", e);
            }
            byte[] origin = id.origin().getBytes(StandardCharsets.UTF_8);
            prefix = ByteBuffer.allocate(origin.length + 24).put(origin).putLong(id.session()).putLong(id.request())
                    .putLong(seed).array();
            this.timestamp = timestamp;
        }

        ByteBuffer next() {
            sha.update(prefix);
            sha.update(ByteBuffer.allocate(8).putLong(counter++).array());
            return ByteBuffer.wrap(sha.digest());
        }
    }

    private DeterministicFunctions() {
    }

    /** Draws from this command's source on this thread until {@link #end}. */
    static void begin(CommandId id, long seed, Instant timestamp) {
        CURRENT.set(new Source(id, seed, timestamp));
    }

    static void end() {
        CURRENT.remove();
    }

    /** {@code ABCAST.REPLICATED_UUID()}: a version 4 UUID, like H2's {@code RANDOM_UUID()}. */
    public static UUID randomUuid() {
        return randomUuid(4);
    }

    /** {@code ABCAST.REPLICATED_UUID(version)}: version 4 (random) or 7 (time-ordered), like H2's. */
    public static UUID randomUuid(int version) {
        if (version != 4 && version != 7) {
            throw new IllegalArgumentException("RANDOM_UUID version must be 4 or 7, not " + version);
        }
        Source source = CURRENT.get();
        long high;
        long low;
        if (source != null) {
            ByteBuffer drawn = source.next();
            high = drawn.getLong();
            low = drawn.getLong();
        } else {
            high = SECURE.nextLong();
            low = SECURE.nextLong();
        }
        if (version == 7) {
            long millis = (source != null ? source.timestamp : Instant.now()).toEpochMilli();
            high = (millis << 16) | (high & 0x0fffL) | 0x7000L;
        } else {
            high = (high & ~0xf000L) | 0x4000L;
        }
        low = (low & 0x3fffffffffffffffL) | 0x8000000000000000L;
        return new UUID(high, low);
    }
}
