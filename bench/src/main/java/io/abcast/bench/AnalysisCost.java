package io.abcast.bench;

import io.abcast.jdbc.internal.sql.Classifier;

import java.util.Locale;

/**
 * The cost of analysing a statement before it runs (classification, the determinism rules, the splicing of UUID
 * calls): the first time a SQL string is seen (a cache miss) and every time after (a hit). Measured on one thread,
 * after a warm-up, over statements like the benchmark's and over one with calls to freeze.
 */
final class AnalysisCost {

    private static final String[] SHAPES = {
        "INSERT INTO BENCH(ID, THREAD, PAYLOAD) VALUES (%d, 1, 'payload')",
        "INSERT INTO EVENTS(ID, KIND, UID, AT) VALUES (%d, 'login', RANDOM_UUID(), CURRENT_TIMESTAMP)",
        "SELECT ID, PAYLOAD FROM BENCH WHERE THREAD = 1 AND ID > %d ORDER BY ID FETCH FIRST 10 ROWS ONLY",
    };
    private static final int MISSES = 50_000;
    private static final int HITS = 1_000_000;

    /** Keeps the results alive, so the loops are not optimised away. */
    private static volatile int sink;

    private AnalysisCost() {
    }

    /** One line per statement shape: microseconds per miss and per hit. */
    static String measure() {
        StringBuilder sb = new StringBuilder();
        for (String shape : SHAPES) {
            classifyAll(distinct(shape, MISSES, 0)); // warm-up
        }
        for (String shape : SHAPES) {
            String[] fresh = distinct(shape, MISSES, 1_000_000);
            double miss = classifyAll(fresh) / (double) MISSES / 1e3;
            String[] same = new String[HITS];
            java.util.Arrays.fill(same, fresh[0]);
            double hit = classifyAll(same) / (double) HITS / 1e3;
            sb.append(String.format(Locale.ROOT, "  miss %6.2f us  hit %5.3f us  %s%n", miss, hit, shape));
        }
        return sb.toString();
    }

    private static String[] distinct(String shape, int n, int offset) {
        String[] sql = new String[n];
        for (int i = 0; i < n; i++) {
            sql[i] = String.format(Locale.ROOT, shape, offset + i);
        }
        return sql;
    }

    /** Nanoseconds to classify every string. */
    private static long classifyAll(String[] sql) {
        int kinds = 0;
        long start = System.nanoTime();
        for (String s : sql) {
            kinds += Classifier.classify(s).kind().ordinal();
        }
        long elapsed = System.nanoTime() - start;
        sink += kinds;
        return elapsed;
    }
}
