package io.abcast.jdbc.internal;

import io.abcast.jdbc.internal.sql.SequenceDraws;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The columns of a table that H2 fills from a sequence when an insert leaves them out: identity columns and columns
 * whose default calls {@code NEXT VALUE FOR}. Read from the local replica's catalog and kept until its schema
 * changes.
 *
 * <p>Thread safe.
 */
final class DrawColumns implements SequenceDraws.Catalog {

    private record TableKey(String schema, String table) {
    }

    private final Map<TableKey, List<SequenceDraws.DrawColumn>> cache = new ConcurrentHashMap<>();
    private volatile long metaId = -1;
    private final Connection conn;

    DrawColumns(Connection conn) {
        this.conn = conn;
    }

    @Override
    public List<SequenceDraws.DrawColumn> of(String schema, String table) throws SQLException {
        long current = ((SessionLocal) conn.unwrap(JdbcConnection.class).getSession()).getDatabase()
                .getModificationMetaId();
        if (current != metaId) {
            cache.clear();
            metaId = current;
        }
        TableKey key = new TableKey(schema, table);
        List<SequenceDraws.DrawColumn> columns = cache.get(key);
        if (columns == null) {
            columns = read(schema, table);
            cache.put(key, columns);
        }
        return columns;
    }

    private List<SequenceDraws.DrawColumn> read(String schema, String table) throws SQLException {
        List<SequenceDraws.DrawColumn> columns = new ArrayList<>();
        try (PreparedStatement ps = conn.prepareStatement("SELECT COLUMN_NAME, IS_IDENTITY, IDENTITY_GENERATION, "
                + "COLUMN_DEFAULT FROM INFORMATION_SCHEMA.COLUMNS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? "
                + "ORDER BY ORDINAL_POSITION")) {
            ps.setString(1, schema);
            ps.setString(2, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String column = rs.getString(1);
                    if ("YES".equals(rs.getString(2))) {
                        columns.add(new SequenceDraws.DrawColumn(column, SequenceDraws.nextId(schema, table, column),
                                "ALWAYS".equals(rs.getString(3))));
                    } else if (rs.getString(4) != null && SequenceDraws.drawsFromSequence(rs.getString(4))) {
                        columns.add(new SequenceDraws.DrawColumn(column,
                                SequenceDraws.rewriteDraws(rs.getString(4), schema), false));
                    }
                }
            }
        }
        return columns;
    }
}
