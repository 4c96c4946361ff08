package io.abcast.jdbc.internal.sql;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A replacement of one span of a statement's text: the characters from {@code start} to {@code end} become
 * {@code text} (an insertion when they are equal).
 */
record Splice(int start, int end, String text) {

    /** The text with every splice made; splices must not overlap. */
    static String apply(String sql, List<Splice> splices) {
        if (splices.isEmpty()) {
            return sql;
        }
        List<Splice> sorted = new ArrayList<>(splices);
        sorted.sort(Comparator.comparingInt(Splice::start).thenComparingInt(Splice::end));
        StringBuilder out = new StringBuilder(sql.length() + 64 * sorted.size());
        int from = 0;
        for (Splice s : sorted) {
            if (s.start < from) {
                throw new IllegalArgumentException("overlapping splices at " + s.start);
            }
            out.append(sql, from, s.start).append(s.text);
            from = s.end;
        }
        return out.append(sql, from, sql.length()).toString();
    }
}
