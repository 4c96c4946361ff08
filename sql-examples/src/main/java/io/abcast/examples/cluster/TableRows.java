package io.abcast.examples.cluster;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every row of every table in the {@code PUBLIC} schema, each table sorted by all its columns: what the scenarios
 * compare between replicas row by row, apart from the driver's own digest. Works on an abcast connection and on
 * plain H2 (a replica's database file opened after the run).
 *
 * <p>Stateless; thread safe.
 */
public final class TableRows {

    private TableRows() {
    }

    /** Table name to its rows, each a list of column values; tables by name. */
    public static Map<String, List<List<Object>>> all(Connection conn) throws SQLException {
        List<String> tables = new ArrayList<>();
        try (Statement st = conn.createStatement(); ResultSet rs = st.executeQuery("SELECT TABLE_NAME FROM "
                + "INFORMATION_SCHEMA.TABLES WHERE TABLE_SCHEMA = 'PUBLIC' AND TABLE_TYPE = 'BASE TABLE' "
                + "ORDER BY TABLE_NAME")) {
            while (rs.next()) {
                tables.add(rs.getString(1));
            }
        }
        Map<String, List<List<Object>>> all = new LinkedHashMap<>();
        for (String table : tables) {
            all.put(table, rows(conn, "SELECT * FROM \"" + table + "\" ORDER BY " + allColumns(conn, table)));
        }
        return all;
    }

    /** A SHA-256 over {@link #all}, in hex. */
    public static String hash(Connection conn) throws SQLException {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
        for (Map.Entry<String, List<List<Object>>> table : all(conn).entrySet()) {
            md.update((table.getKey() + "\n").getBytes(StandardCharsets.UTF_8));
            for (List<Object> row : table.getValue()) {
                md.update((row + "\n").getBytes(StandardCharsets.UTF_8));
            }
        }
        StringBuilder hex = new StringBuilder();
        for (byte b : md.digest()) {
            hex.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
        }
        return hex.toString();
    }

    /** The rows of a query, each a list of column values. */
    public static List<List<Object>> rows(Connection conn, String sql) throws SQLException {
        List<List<Object>> rows = new ArrayList<>();
        try (Statement st = conn.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<Object> row = new ArrayList<>(n);
                for (int i = 1; i <= n; i++) {
                    row.add(rs.getObject(i));
                }
                rows.add(row);
            }
        }
        return rows;
    }

    private static String allColumns(Connection conn, String table) throws SQLException {
        List<String> columns = new ArrayList<>();
        for (List<Object> row : rows(conn, "SELECT COLUMN_NAME FROM INFORMATION_SCHEMA.COLUMNS WHERE TABLE_SCHEMA = "
                + "'PUBLIC' AND TABLE_NAME = '" + table + "' ORDER BY ORDINAL_POSITION")) {
            columns.add("\"" + row.get(0) + "\"");
        }
        return String.join(", ", columns);
    }
}
