package io.abcast.examples.faults;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The ledger of {@link KillRestartMultiProcessTest} accepts what the contract allows and reports the rest. */
class WriteLedgerTest {

    private final WriteLedger ledger = new WriteLedger();

    /** n1i1w0:1 acknowledged, :2 unknown, :3 refused, :4 announced only (its process was killed). */
    WriteLedgerTest() {
        ledger.record("n1", "SEND key=n1i1w0:1");
        ledger.record("n1", "ACK key=n1i1w0:1 position=7");
        ledger.record("n1", "SEND key=n1i1w0:2");
        ledger.record("n1", "UNKNOWN key=n1i1w0:2 state=08007 message=no_outcome");
        ledger.record("n1", "SEND key=n1i1w0:3");
        ledger.record("n1", "REFUSED key=n1i1w0:3 state=08004 message=not_primary");
        ledger.record("n1", "SEND key=n1i1w0:4");
    }

    private static Map<String, Long> rows(Object... keysAndCopies) {
        Map<String, Long> copies = new HashMap<>();
        for (int i = 0; i < keysAndCopies.length; i += 2) {
            copies.put((String) keysAndCopies[i], ((Number) keysAndCopies[i + 1]).longValue());
        }
        return copies;
    }

    @Test
    void whatTheContractAllowsPasses() {
        assertThat(ledger.violations(rows("n1i1w0:1", 1))).isEmpty();
        assertThat(ledger.violations(rows("n1i1w0:1", 1, "n1i1w0:2", 1, "n1i1w0:4", 1))).isEmpty();
        assertThat(ledger.counts()).containsEntry(WriteLedger.Fate.ACKNOWLEDGED, 1L)
                .containsEntry(WriteLedger.Fate.SENT, 1L);
        assertThat(ledger.acknowledged("n1")).isEqualTo(1);
        assertThat(ledger.lastAcknowledgedPosition()).isEqualTo(7);
        assertThat(ledger.refusedByState()).containsExactly(Map.entry("08004", 1L));
    }

    @Test
    void aLostOrDuplicatedAcknowledgedInsertFails() {
        assertThat(ledger.violations(rows())).singleElement().asString().contains("n1i1w0:1 is ACKNOWLEDGED");
        assertThat(ledger.violations(rows("n1i1w0:1", 2))).singleElement().asString().contains("are 2 rows");
    }

    @Test
    void anUnknownInsertTwiceARefusedOneOrAnUnannouncedRowFails() {
        assertThat(ledger.violations(rows("n1i1w0:1", 1, "n1i1w0:2", 2))).singleElement().asString()
                .contains("n1i1w0:2 is UNKNOWN");
        assertThat(ledger.violations(rows("n1i1w0:1", 1, "n1i1w0:4", 2))).singleElement().asString()
                .contains("n1i1w0:4 is SENT");
        assertThat(ledger.violations(rows("n1i1w0:1", 1, "n1i1w0:3", 1))).singleElement().asString()
                .contains("n1i1w0:3 is REFUSED");
        assertThat(ledger.violations(rows("n1i1w0:1", 1, "n2i1w0:1", 1))).singleElement().asString()
                .contains("never announced");
    }

    @Test
    void insertsWithoutAFateAreFoundByProcess() {
        assertThat(ledger.unresolved(Set.of("n1i1"))).containsExactly("n1i1w0:4");
        assertThat(ledger.unresolved(Set.of("n1i2"))).isEmpty();
        assertThat(WriteLedger.tagOf("n12i3w1:40")).isEqualTo("n12i3");
    }

    @Test
    void linesThatAreNotAWritersAreLeftToTheTest() {
        assertThat(ledger.record("n1", "STATUS node=n1 position=3")).isFalse();
        assertThat(ledger.record("n1", "WRITER_FAILED writer=n1i1w1 state=08003")).isTrue();
        assertThat(ledger.writerFailures()).hasSize(1);
    }
}
