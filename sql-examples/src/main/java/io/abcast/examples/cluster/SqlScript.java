package io.abcast.examples.cluster;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * A scenario's SQL script on the class path (e.g. {@code /bank/schema.sql}): statements separated by {@code ;},
 * lines starting with {@code --} are comments. The scripts hold no {@code ;} inside literals, so splitting at
 * {@code ;} is enough.
 *
 * <p>Stateless; thread safe.
 */
public final class SqlScript {

    private SqlScript() {
    }

    /** The statements of the script, without comments, in file order. */
    public static List<String> statements(String resource) {
        String text;
        try (InputStream in = SqlScript.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is missing from the class path");
            }
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + resource, e);
        }
        StringBuilder withoutComments = new StringBuilder();
        for (String line : text.split("\n", -1)) {
            if (!line.strip().startsWith("--")) {
                withoutComments.append(line).append('\n');
            }
        }
        List<String> statements = new ArrayList<>();
        for (String part : withoutComments.toString().split(";")) {
            if (!part.isBlank()) {
                statements.add(part.strip());
            }
        }
        return statements;
    }

    /** Executes every statement of the script, one replicated command each. */
    public static void run(Connection conn, String resource) throws SQLException {
        try (Statement st = conn.createStatement()) {
            for (String sql : statements(resource)) {
                st.execute(sql);
            }
        }
    }
}
