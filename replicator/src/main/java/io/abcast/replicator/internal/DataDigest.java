package io.abcast.replicator.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * A digest of every user table's schema and rows, and of the next value of every sequence and identity column: equal
 * on two databases with the same tables holding the same rows and the same sequences, whatever the rows' physical
 * order. Each row is hashed on its own and the row hashes are added up (so the order does not matter); the table's
 * name, columns, row count and sum go into the digest, tables in name order. abcast's own schema and H2's
 * INFORMATION_SCHEMA are left out. Sequences are not transactional: read the digest when the replica is quiet.
 */
public final class DataDigest {

    private DataDigest() {
    }

    /** Computes the digest over what the connection sees; run it in a transaction for a consistent snapshot. */
    public static String compute(Connection conn) throws SQLException {
        MessageDigest total = sha256();
        for (String[] table : tables(conn)) {
            total.update(tableDigest(conn, table[0], table[1]));
        }
        try (Statement st = conn.createStatement()) {
            hashRows(total, st, "SELECT TABLE_SCHEMA, TABLE_NAME, COLUMN_NAME, IDENTITY_BASE FROM "
                    + "INFORMATION_SCHEMA.COLUMNS WHERE IS_IDENTITY = 'YES' AND TABLE_SCHEMA <> '" + StateStore.SCHEMA
                    + "' ORDER BY 1, 2, 3");
            hashRows(total, st, "SELECT SEQUENCE_SCHEMA, SEQUENCE_NAME, BASE_VALUE FROM INFORMATION_SCHEMA.SEQUENCES "
                    + "WHERE SEQUENCE_SCHEMA <> '" + StateStore.SCHEMA + "' ORDER BY 1, 2");
        }
        return RunningHash.hex(total.digest());
    }

    private static void hashRows(MessageDigest digest, Statement st, String sql) throws SQLException {
        try (ResultSet rs = st.executeQuery(sql)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                for (int i = 1; i <= n; i++) {
                    update(digest, String.valueOf(rs.getString(i)));
                }
            }
        }
    }

    private static List<String[]> tables(Connection conn) throws SQLException {
        List<String[]> tables = new ArrayList<>();
        try (Statement st = conn.createStatement();
             ResultSet rs = st.executeQuery("SELECT TABLE_SCHEMA, TABLE_NAME FROM INFORMATION_SCHEMA.TABLES "
                     + "WHERE TABLE_TYPE = 'BASE TABLE' AND TABLE_SCHEMA NOT IN ('INFORMATION_SCHEMA', '"
                     + StateStore.SCHEMA + "') ORDER BY TABLE_SCHEMA, TABLE_NAME")) {
            while (rs.next()) {
                tables.add(new String[] {rs.getString(1), rs.getString(2)});
            }
        }
        return tables;
    }

    private static byte[] tableDigest(Connection conn, String schema, String table) throws SQLException {
        MessageDigest digest = sha256();
        update(digest, schema + "." + table);
        try (PreparedStatement ps = conn.prepareStatement("SELECT COLUMN_NAME, DATA_TYPE FROM "
                + "INFORMATION_SCHEMA.COLUMNS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? ORDER BY ORDINAL_POSITION")) {
            ps.setString(1, schema);
            ps.setString(2, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    update(digest, rs.getString(1) + " " + rs.getString(2));
                }
            }
        }
        MessageDigest row = sha256();
        long count = 0;
        long sumHigh = 0;
        long sumLow = 0;
        try (Statement st = conn.createStatement();
             ResultSet rs = st.executeQuery("SELECT * FROM " + quote(schema) + "." + quote(table))) {
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                for (int i = 1; i <= columns; i++) {
                    String value = rs.getString(i);
                    update(row, value == null ? "\u0000null" : value);
                }
                ByteBuffer h = ByteBuffer.wrap(row.digest());
                sumHigh += h.getLong();
                sumLow += h.getLong();
                count++;
            }
        }
        digest.update(ByteBuffer.allocate(24).putLong(count).putLong(sumHigh).putLong(sumLow).array());
        return digest.digest();
    }

    private static void update(MessageDigest digest, String s) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        digest.update(ByteBuffer.allocate(4).putInt(bytes.length).array());
        digest.update(bytes);
    }

    static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
