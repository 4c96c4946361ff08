package io.abcast.examples.cluster;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code key=value} words of one protocol line between a demo and its nodes, e.g.
 * {@code DONE node=n1 messages=4000}, or of a node process's arguments. Values in a line hold no spaces (names,
 * numbers, hex); they keep the order they were given in.
 *
 * <p>Immutable.
 */
public final class Fields {

    private final String line;
    private final Map<String, String> values;

    private Fields(String line, Map<String, String> values) {
        this.line = line;
        this.values = values;
    }

    /** Parses the words after the line's first (the keyword); words without '=' are ignored. */
    public static Fields parse(String line) {
        String[] words = line.strip().split("\\s+");
        return of(line, List.of(words).subList(1, words.length));
    }

    /** The {@code key=value} words of a command line (a value may hold spaces here); other words are ignored. */
    public static Fields of(List<String> words) {
        return of(String.join(" ", words), words);
    }

    private static Fields of(String line, List<String> words) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String word : words) {
            int eq = word.indexOf('=');
            if (eq > 0) {
                values.put(word.substring(0, eq), word.substring(eq + 1));
            }
        }
        return new Fields(line, Collections.unmodifiableMap(values));
    }

    /** Every key and value, in the order given. */
    public Map<String, String> values() {
        return values;
    }

    public String text(String key) {
        String value = values.get(key);
        if (value == null) {
            throw new IllegalArgumentException("no " + key + "= in the line: " + line);
        }
        return value;
    }

    public long number(String key) {
        try {
            return Long.parseLong(text(key));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " is not a number in the line: " + line, e);
        }
    }

    public boolean flag(String key) {
        return Boolean.parseBoolean(text(key));
    }
}
