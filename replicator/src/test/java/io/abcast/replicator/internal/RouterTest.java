package io.abcast.replicator.internal;

import org.jgroups.Address;
import org.jgroups.ViewId;
import org.jgroups.util.UUID;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Replicas agree on which view each message belongs to by the sequencer's stamp, not by when their own view change
 * arrives: the same messages are kept and dropped whichever way a delivery and a view change interleave.
 */
class RouterTest {

    private final Address seq = UUID.randomUUID();
    private final ViewId v5 = new ViewId(seq, 5);
    private final ViewId v6 = new ViewId(seq, 6);
    private final List<String> applied = new ArrayList<>();
    private final Router router = new Router("n1", p -> applied.add(new String(p, StandardCharsets.UTF_8)));

    @Test
    void aMessageOfTheNextViewThatArrivesFirstIsHeldForThatView() throws Exception {
        router.view(v5, seq, true);
        router.deliver(bytes("m6"), seq, v6);
        router.synced(5);
        assertThat(applied).isEmpty();
        router.view(v6, seq, true);
        router.synced(6);
        assertThat(applied).containsExactly("m6");
    }

    @Test
    void aMessageOfAViewThatWasNotReconciledIsDroppedWhenItArrivesLate() throws Exception {
        router.view(v5, seq, true);
        router.view(v6, seq, true);
        router.deliver(bytes("m5"), seq, v5); // reached this replica after its view 6, others before
        router.synced(6);
        router.deliver(bytes("after"), seq, v6);
        assertThat(applied).containsExactly("after");
    }

    @Test
    void whatAViewHeldBackIsDroppedWhenTheNextViewComesBeforeItIsReconciled() throws Exception {
        router.view(v5, seq, true);
        router.deliver(bytes("m5"), seq, v5);
        router.view(v6, seq, true);
        router.synced(6);
        assertThat(applied).isEmpty();
    }

    @Test
    void aReconciledViewAppliesWhatItHeldThenWhatComes() throws Exception {
        router.view(v5, seq, true);
        router.deliver(bytes("a"), seq, v5);
        router.synced(5);
        router.deliver(bytes("b"), seq, v5);
        assertThat(applied).containsExactly("a", "b");
    }

    @Test
    void unstampedMessagesAndOtherSequencersAreDropped() throws Exception {
        Address other = UUID.randomUUID();
        router.view(v5, seq, true);
        router.synced(5);
        router.deliver(bytes("unstamped"), seq, null);
        router.deliver(bytes("other"), other, v5);
        router.deliver(bytes("ok"), seq, v5);
        assertThat(applied).containsExactly("ok");
    }

    @Test
    void nothingIsAppliedOutsideAPrimaryComponent() throws Exception {
        router.view(v5, seq, false);
        router.deliver(bytes("m"), seq, v5);
        router.synced(5);
        assertThat(applied).isEmpty();
        assertThat(router.synced()).isFalse();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
