package io.abcast.replicator.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Finds columns whose default, {@code ON UPDATE} or generation expression calls a generator H2 draws from outside any
 * session (UUIDs, secure random bytes): DDL sent through abcast never leaves one (the driver splices such calls), but
 * a database created with plain H2 may have them, and each replica would then compute its own values.
 */
final class DefaultsAudit {

    private static final Logger LOG = LoggerFactory.getLogger(DefaultsAudit.class);
    private static final Pattern STRING = Pattern.compile("'(?:[^']|'')*'");
    private static final Pattern UNFROZEN = Pattern.compile("(?i)(?<![.\\w])(RANDOM_UUID|UUID|SECURE_RAND)\\s*\\(");

    private DefaultsAudit() {
    }

    /** The columns with such expressions, as {@code SCHEMA.TABLE.COLUMN: expression}. */
    static List<String> unfrozenColumns(Connection conn) throws SQLException {
        List<String> found = new ArrayList<>();
        try (Statement st = conn.createStatement();
             ResultSet rs = st.executeQuery("SELECT TABLE_SCHEMA, TABLE_NAME, COLUMN_NAME, COLUMN_DEFAULT, "
                     + "COLUMN_ON_UPDATE, GENERATION_EXPRESSION FROM INFORMATION_SCHEMA.COLUMNS "
                     + "WHERE TABLE_SCHEMA <> 'INFORMATION_SCHEMA'")) {
            while (rs.next()) {
                for (int i = 4; i <= 6; i++) {
                    String expression = rs.getString(i);
                    if (expression != null && UNFROZEN.matcher(STRING.matcher(expression).replaceAll("''")).find()) {
                        found.add(rs.getString(1) + "." + rs.getString(2) + "." + rs.getString(3) + ": " + expression);
                    }
                }
            }
        }
        return found;
    }

    /** Logs each such column, with how to fix it. */
    static void warn(Connection conn, String node) throws SQLException {
        for (String column : unfrozenColumns(conn)) {
            LOG.warn("{}: column {} is computed by each replica on its own; redefine it through abcast "
                    + "(ALTER TABLE ... ALTER COLUMN ... SET DEFAULT ...) so that replicas draw the same values", node,
                    column);
        }
        conn.commit();
    }
}
