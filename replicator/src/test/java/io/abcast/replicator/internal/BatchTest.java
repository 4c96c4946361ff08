package io.abcast.replicator.internal;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class BatchTest {

    @Test
    void splitsWhatItJoined() {
        List<byte[]> commands = List.of(new byte[] {1, 2, 3}, new byte[0], new byte[] {1});
        byte[] message = Batch.encode(commands);
        assertThat(Batch.isBatch(message)).isTrue();
        assertThat(Control.isControl(message)).as("a batch is not a control message").isFalse();
        assertThat(Batch.split(message)).containsExactlyElementsOf(commands);
    }

    @Test
    void dropsMalformedFramingWholeWhateverTheBytes() {
        byte[] message = Batch.encode(List.of(new byte[] {1, 2, 3}, new byte[] {4, 5}));
        for (int cut = 0; cut < message.length; cut++) {
            assertThat(Batch.split(Arrays.copyOf(message, cut))).as("cut at %d", cut).isEmpty();
        }
        assertThat(Batch.split(Arrays.copyOf(message, message.length + 1))).as("trailing bytes").isEmpty();
        Random random = new Random(7);
        for (int i = 0; i < 10_000; i++) {
            byte[] junk = new byte[random.nextInt(40)];
            random.nextBytes(junk);
            if (junk.length > 0) {
                junk[0] = Batch.MARKER;
            }
            List<byte[]> split = Batch.split(junk); // never throws
            assertThat(split.stream().mapToInt(c -> c.length + 4).sum()).isLessThanOrEqualTo(junk.length);
        }
    }
}
