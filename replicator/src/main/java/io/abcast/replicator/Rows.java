package io.abcast.replicator;

import java.sql.Array;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * A result set read whole: the columns' metadata and the rows' values as H2's {@code getObject} returned them.
 * It carries a write's results (generated keys, a data-change delta table) from the applier to the caller.
 *
 * @param columns the columns, in order
 * @param rows    the rows; each array has one element per column
 */
public record Rows(List<Column> columns, List<Object[]> rows) {

    /** One column's metadata. */
    public record Column(String label, String name, int sqlType, String typeName, int precision, int scale,
                         int nullable) {
    }

    /** No columns, no rows: what a replica that is not the origin keeps of a result set. */
    public static final Rows EMPTY = new Rows(List.of(), List.of());

    public Rows {
        columns = List.copyOf(columns);
        rows = List.copyOf(rows);
    }

    /** Reads a result set to its end; the caller closes it. */
    public static Rows read(ResultSet rs) throws SQLException {
        ResultSetMetaData meta = rs.getMetaData();
        int n = meta.getColumnCount();
        List<Column> columns = new ArrayList<>(n);
        for (int i = 1; i <= n; i++) {
            columns.add(new Column(meta.getColumnLabel(i), meta.getColumnName(i), meta.getColumnType(i),
                    meta.getColumnTypeName(i), meta.getPrecision(i), meta.getScale(i), meta.isNullable(i)));
        }
        List<Object[]> rows = new ArrayList<>();
        while (rs.next()) {
            Object[] row = new Object[n];
            for (int i = 0; i < n; i++) {
                row[i] = detach(rs.getObject(i + 1));
            }
            rows.add(row);
        }
        return new Rows(columns, rows);
    }

    /** LOBs and arrays refer to the session that read them; copy their content out. */
    private static Object detach(Object value) throws SQLException {
        if (value instanceof Clob clob) {
            return clob.getSubString(1, Math.toIntExact(clob.length()));
        }
        if (value instanceof Blob blob) {
            return blob.getBytes(1, Math.toIntExact(blob.length()));
        }
        if (value instanceof Array array) {
            return array.getArray();
        }
        return value;
    }
}
