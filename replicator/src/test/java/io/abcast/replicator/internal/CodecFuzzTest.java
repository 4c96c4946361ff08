package io.abcast.replicator.internal;

import io.abcast.replicator.Certification;
import io.abcast.replicator.Command;
import io.abcast.replicator.CommandId;
import io.abcast.replicator.KeyRequest;
import io.abcast.replicator.SessionContext;
import io.abcast.replicator.SqlCall;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bytes from the network that are not a well-formed command or control message fail to decode with an IOException,
 * and nothing else: no runtime exception and no allocation larger than the bytes themselves could justify.
 */
class CodecFuzzTest {

    private static final int ROUNDS = 20_000;

    private final Random random = new Random(20261127);

    private static byte[] sampleCommand() throws IOException {
        SessionContext context = new SessionContext("PUBLIC", "Europe/Zurich", Instant.parse("2026-11-27T10:00:00Z"),
                42, new TreeMap<>(Map.of("MODE", "REGULAR")));
        List<SqlCall> calls = List.of(
                SqlCall.statement(SqlCall.Method.UPDATE, "CREATE TABLE T(ID INT PRIMARY KEY, V VARCHAR)",
                        KeyRequest.NONE),
                SqlCall.prepared(SqlCall.Method.UPDATE, "INSERT INTO T VALUES (?, ?)",
                        new Object[] {1, "one", null, 2L, new BigDecimal("3.14"), new byte[] {1, 2, 3}, true, 1.5,
                                LocalDate.of(2026, 11, 27), OffsetDateTime.of(2026, 11, 27, 10, 0, 0, 0,
                                ZoneOffset.ofHours(1)), UUID.randomUUID()},
                        KeyRequest.indexes(new int[] {1})),
                SqlCall.preparedBatch("UPDATE T SET V = ? WHERE ID = ?",
                        List.of(new Object[] {"a", 1}, new Object[] {"b", 2}), KeyRequest.names(new String[] {"ID"})),
                SqlCall.statementBatch(List.of("DELETE FROM T WHERE ID = 3", "DELETE FROM T WHERE ID = 4")));
        Certification certification = new Certification(List.of(new byte[] {9, 8, 7}, new byte[0], new byte[] {1},
                new byte[] {2}), new TreeMap<>(Map.of("PUBLIC.T.ID", new long[] {5, 6})));
        return CommandCodec.encode(new Command(new CommandId("n1", 3, 77), context, calls, certification));
    }

    private static List<byte[]> sampleControls() {
        byte[] hash = new byte[32];
        return List.of(
                Control.encode(new Control.Report(4, 2, 100, hash, true, false)),
                Control.encode(new Control.Applied(100)),
                Control.encode(new Control.Fetch(1, 50, hash)),
                Control.encode(new Control.Entries(1, List.of(new Control.Entry(51, 2, hash, new byte[] {1, 2}),
                        new Control.Entry(52, 2, hash, new byte[] {3})), true)),
                Control.encode(new Control.NeedSnapshot(1)),
                Control.encode(new Control.SnapshotRequest(1)),
                Control.encode(new Control.SnapshotChunk(1, new byte[] {5, 6, 7}, false)));
    }

    @Test
    void theSamplesDecode() throws IOException {
        byte[] command = sampleCommand();
        assertThat(CommandCodec.decode(command, 0, command.length).calls()).hasSize(4);
        for (byte[] control : sampleControls()) {
            assertThat(Control.decode(control)).isNotNull();
        }
    }

    @Test
    void aMutatedCommandDecodesOrFailsWithIoException() throws IOException {
        byte[] valid = sampleCommand();
        int failed = 0;
        for (int i = 0; i < ROUNDS; i++) {
            byte[] bytes = mutate(valid);
            try {
                CommandCodec.decode(bytes, 0, bytes.length);
            } catch (IOException expected) {
                failed++;
            }
        }
        assertThat(failed).as("mutations refused").isGreaterThan(ROUNDS / 2);
    }

    @Test
    void aMutatedControlMessageDecodesOrFailsWithIoException() {
        List<byte[]> valid = sampleControls();
        int failed = 0;
        for (int i = 0; i < ROUNDS; i++) {
            byte[] bytes = mutate(valid.get(i % valid.size()));
            try {
                Control.decode(bytes);
            } catch (IOException expected) {
                failed++;
            }
        }
        assertThat(failed).as("mutations refused").isGreaterThan(ROUNDS / 4);
    }

    /** One of: a flipped bit, a byte set to an extreme, an int overwritten, truncation, junk appended, pure junk. */
    private byte[] mutate(byte[] valid) {
        byte[] b = valid.clone();
        switch (random.nextInt(6)) {
            case 0 -> b[random.nextInt(b.length)] ^= (byte) (1 << random.nextInt(8));
            case 1 -> b[random.nextInt(b.length)] = random.nextBoolean() ? (byte) 0xFF : (byte) 0x7F;
            case 2 -> {
                int at = random.nextInt(Math.max(1, b.length - 4));
                int value = switch (random.nextInt(4)) {
                    case 0 -> Integer.MAX_VALUE;
                    case 1 -> Integer.MIN_VALUE;
                    case 2 -> -1;
                    default -> random.nextInt();
                };
                for (int k = 0; k < 4 && at + k < b.length; k++) {
                    b[at + k] = (byte) (value >>> (24 - 8 * k));
                }
            }
            case 3 -> b = Arrays.copyOf(b, random.nextInt(b.length));
            case 4 -> {
                List<Byte> junk = new ArrayList<>();
                for (int k = 0; k < 1 + random.nextInt(16); k++) {
                    junk.add((byte) random.nextInt());
                }
                b = Arrays.copyOf(b, b.length + junk.size());
                for (int k = 0; k < junk.size(); k++) {
                    b[valid.length + k] = junk.get(k);
                }
            }
            default -> {
                b = new byte[random.nextInt(64)];
                random.nextBytes(b);
            }
        }
        return b;
    }
}
