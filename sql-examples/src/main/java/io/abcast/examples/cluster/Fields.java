package io.abcast.examples.chat;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code key=value} words of one protocol line between the demo and its nodes, e.g.
 * {@code DONE node=n1 messages=4000}. Values hold no spaces (names, numbers, hex).
 *
 * <p>Immutable.
 */
final class Fields {

    private final String line;
    private final Map<String, String> values;

    private Fields(String line, Map<String, String> values) {
        this.line = line;
        this.values = values;
    }

    /** Parses the words after the line's first (the keyword); words without '=' are ignored. */
    static Fields parse(String line) {
        Map<String, String> values = new LinkedHashMap<>();
        String[] words = line.strip().split("\\s+");
        for (int i = 1; i < words.length; i++) {
            int eq = words[i].indexOf('=');
            if (eq > 0) {
                values.put(words[i].substring(0, eq), words[i].substring(eq + 1));
            }
        }
        return new Fields(line, Map.copyOf(values));
    }

    String text(String key) {
        String value = values.get(key);
        if (value == null) {
            throw new IllegalArgumentException("no " + key + "= in the line: " + line);
        }
        return value;
    }

    long number(String key) {
        try {
            return Long.parseLong(text(key));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " is not a number in the line: " + line, e);
        }
    }

    boolean flag(String key) {
        return Boolean.parseBoolean(text(key));
    }
}
