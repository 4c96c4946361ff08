package io.abcast.examples.faults;

import java.util.HashMap;
import java.util.Map;

/**
 * The {@code key=value} words of a protocol line between {@link KillRestartMultiProcessTest} and its
 * {@link FaultNode}s, e.g. {@code ACK key=n1i1w0:17 position=42}. Values hold no spaces; the first occurrence of a
 * key wins, so that a free-text value at the end of a line cannot override one before it.
 */
final class Lines {

    private Lines() {
    }

    /** The line's first word. */
    static String keyword(String line) {
        int space = line.indexOf(' ');
        return space < 0 ? line : line.substring(0, space);
    }

    /** Every {@code key=value} word of the line (words without '=' are ignored). */
    static Map<String, String> fields(String line) {
        Map<String, String> values = new HashMap<>();
        for (String word : line.strip().split("\\s+")) {
            int eq = word.indexOf('=');
            if (eq > 0) {
                values.putIfAbsent(word.substring(0, eq), word.substring(eq + 1));
            }
        }
        return values;
    }

    static String text(String line, String key) {
        String value = fields(line).get(key);
        if (value == null) {
            throw new IllegalArgumentException("no " + key + "= in the line: " + line);
        }
        return value;
    }

    static long number(String line, String key) {
        return Long.parseLong(text(line, key));
    }
}
