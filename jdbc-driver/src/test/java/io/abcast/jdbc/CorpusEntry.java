package io.abcast.jdbc;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One statement of a corpus file: its expected outcome (see the file's header), an optional message fragment, the
 * SQL and the line it starts on.
 */
record CorpusEntry(String outcome, boolean frozen, String fragment, String sql, int line) {

    static List<CorpusEntry> load(String resource) throws Exception {
        List<CorpusEntry> entries = new ArrayList<>();
        try (InputStream in = CorpusEntry.class.getResourceAsStream(resource);
             BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String header = null;
            int start = 0;
            StringBuilder sql = new StringBuilder();
            String line;
            int number = 0;
            while ((line = reader.readLine()) != null) {
                number++;
                if (line.startsWith("@")) {
                    if (header != null) {
                        entries.add(of(header, sql.toString().strip(), start));
                    }
                    header = line.substring(1).strip();
                    start = number;
                    sql.setLength(0);
                } else if (header != null) {
                    sql.append(line).append('\n');
                }
            }
            if (header != null) {
                entries.add(of(header, sql.toString().strip(), start));
            }
        }
        return entries;
    }

    private static CorpusEntry of(String header, String sql, int line) {
        int space = header.indexOf(' ');
        String tag = space < 0 ? header : header.substring(0, space);
        String fragment = space < 0 ? null : header.substring(space + 1).strip();
        boolean frozen = tag.endsWith("~");
        return new CorpusEntry(frozen ? tag.substring(0, tag.length() - 1) : tag, frozen, fragment, sql, line);
    }

    @Override
    public String toString() {
        return "line " + line + " @" + outcome + (frozen ? "~" : "") + ": " + sql.replace('\n', ' ');
    }
}
