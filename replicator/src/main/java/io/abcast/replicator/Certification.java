package io.abcast.replicator;

import java.util.Collections;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What makes a command a certified transaction: for each call, what its tentative run at the origin observed
 * ({@link Observation}), and the sequence and identity values that run drew, which the replicas draw again in the
 * same order. A replica commits the transaction only if every call observes the same; otherwise every replica
 * aborts it with SQLState {@code 40001}.
 *
 * @param observations one per call of the command
 * @param draws        by sequence key ({@code schema.table.column} or {@code schema.sequence}), the values drawn
 */
public record Certification(List<byte[]> observations, SortedMap<String, long[]> draws) {

    public Certification {
        observations = List.copyOf(observations);
        draws = Collections.unmodifiableSortedMap(new TreeMap<>(draws));
    }
}
