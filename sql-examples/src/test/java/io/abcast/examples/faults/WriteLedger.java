package io.abcast.examples.faults;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Every insert the writers of all {@link FaultNode} processes announced, and its fate as they printed it (see
 * {@link Writer}); then the comparison with the rows a replica holds at the end.
 *
 * <p>Thread safe: each process's output thread records its lines while the test reads the counts.
 */
final class WriteLedger {

    /** What the test knows of one insert. */
    enum Fate {
        /** Announced, and no fate printed: its process was killed in between, or its writer still runs. */
        SENT,
        ACKNOWLEDGED,
        UNKNOWN,
        REFUSED
    }

    private final Map<String, Fate> fates = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> acknowledgedByNode = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> refusedByState = new ConcurrentHashMap<>();
    private final AtomicLong lastAcknowledgedPosition = new AtomicLong();
    private final List<String> writerFailures = new CopyOnWriteArrayList<>();

    /**
     * Records one line of a node's output if it is a writer's.
     *
     * @return whether it was
     */
    boolean record(String node, String line) {
        String keyword = Lines.keyword(line);
        switch (keyword) {
            case "SEND" -> fates.put(Lines.text(line, "key"), Fate.SENT);
            case "ACK" -> {
                fates.put(Lines.text(line, "key"), Fate.ACKNOWLEDGED);
                acknowledgedByNode.computeIfAbsent(node, n -> new AtomicLong()).incrementAndGet();
                lastAcknowledgedPosition.accumulateAndGet(Lines.number(line, "position"), Math::max);
            }
            case "UNKNOWN" -> fates.put(Lines.text(line, "key"), Fate.UNKNOWN);
            case "REFUSED" -> {
                fates.put(Lines.text(line, "key"), Fate.REFUSED);
                refusedByState.computeIfAbsent(Lines.text(line, "state"), s -> new AtomicLong()).incrementAndGet();
            }
            case "WRITER_FAILED" -> writerFailures.add(node + ": " + line);
            default -> {
                return false;
            }
        }
        return true;
    }

    /** Inserts acknowledged through these nodes, over all their processes. */
    long acknowledged(String... nodes) {
        long sum = 0;
        for (String node : nodes) {
            AtomicLong n = acknowledgedByNode.get(node);
            sum += n == null ? 0 : n.get();
        }
        return sum;
    }

    /** The highest position an acknowledged insert was applied at. */
    long lastAcknowledgedPosition() {
        return lastAcknowledgedPosition.get();
    }

    /** How many inserts have each fate. */
    Map<Fate, Long> counts() {
        Map<Fate, Long> counts = new EnumMap<>(Fate.class);
        for (Fate f : Fate.values()) {
            counts.put(f, 0L);
        }
        fates.values().forEach(f -> counts.merge(f, 1L, Long::sum));
        return counts;
    }

    /** Refused inserts by SQLState. */
    Map<String, Long> refusedByState() {
        Map<String, Long> m = new TreeMap<>();
        refusedByState.forEach((state, n) -> m.put(state, n.get()));
        return m;
    }

    /** Lines of writers that could not go on (no connection to their replica). */
    List<String> writerFailures() {
        return List.copyOf(writerFailures);
    }

    /** Inserts still without a fate whose writer belongs to one of these process tags. */
    List<String> unresolved(Set<String> tags) {
        List<String> keys = new ArrayList<>();
        fates.forEach((key, fate) -> {
            if (fate == Fate.SENT && tags.contains(tagOf(key))) {
                keys.add(key);
            }
        });
        return keys;
    }

    /**
     * Compares the ledger with the rows of a replica.
     *
     * @param copies insert key ({@code WRITER:SEQ}) to the number of rows with it
     * @return every violation, in words: an acknowledged insert missing or duplicated, an unknown one (or one whose
     *     process was killed before it printed its fate) there more than once, a refused one there, a row that no
     *     writer announced
     */
    List<String> violations(Map<String, Long> copies) {
        List<String> violations = new ArrayList<>();
        fates.forEach((key, fate) -> {
            long n = copies.getOrDefault(key, 0L);
            boolean ok = switch (fate) {
                case ACKNOWLEDGED -> n == 1;
                case UNKNOWN, SENT -> n <= 1;
                case REFUSED -> n == 0;
            };
            if (!ok) {
                violations.add(key + " is " + fate + " but there " + (n == 1 ? "is 1 row" : "are " + n + " rows"));
            }
        });
        copies.forEach((key, n) -> {
            if (!fates.containsKey(key)) {
                violations.add(key + " was never announced by a writer but there are " + n + " rows");
            }
        });
        return violations;
    }

    /** The tag of the process whose writer made the insert: {@code n1i2} of {@code n1i2w0:17}. */
    static String tagOf(String key) {
        return key.substring(0, key.lastIndexOf('w'));
    }
}
