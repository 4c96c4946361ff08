package io.abcast.jdbc.internal;

import io.abcast.replicator.KeyRequest;
import io.abcast.replicator.SqlCall;
import io.abcast.replicator.SqlCall.Method;
import io.abcast.replicator.TypedValue;

import java.io.InputStream;
import java.io.Reader;
import java.math.BigDecimal;
import java.net.URL;
import java.sql.Array;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.Date;
import java.sql.NClob;
import java.sql.ParameterMetaData;
import java.sql.PreparedStatement;
import java.sql.Ref;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.RowId;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLType;
import java.sql.SQLXML;
import java.sql.Time;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Calendar;
import java.util.List;

/**
 * A prepared statement on the local replica. Every parameter is bound on the wrapped H2 statement too, so H2 checks
 * indexes and serves queries; for a write, the recorded values travel in the command.
 */
final class AbcastPreparedStatement extends AbcastStatement implements PreparedStatement {

    /** Opens the wrapped H2 statement. */
    interface Preparer {
        PreparedStatement prepare() throws SQLException;
    }

    private final PreparedStatement delegate;
    private final String sql;
    private final boolean write;
    private final KeyRequest keys;
    private final Object[] values;
    private final boolean[] bound;
    private final List<Object[]> batch = new ArrayList<>();

    private AbcastPreparedStatement(AbcastConnection connection, PreparedStatement delegate, String sql,
                                    boolean write, KeyRequest keys) throws SQLException {
        super(connection, delegate);
        this.delegate = delegate;
        this.sql = sql;
        this.write = write;
        this.keys = keys;
        int n = write ? delegate.getParameterMetaData().getParameterCount() : 0;
        this.values = new Object[n];
        this.bound = new boolean[n];
    }

    static AbcastPreparedStatement prepare(AbcastConnection connection, String sql, KeyRequest keys,
                                           Preparer preparer) throws SQLException {
        boolean write = connection.classify(sql).isWrite();
        PreparedStatement ps = preparer.prepare();
        try {
            return new AbcastPreparedStatement(connection, ps, sql, write, keys);
        } catch (SQLException | RuntimeException e) {
            ps.close();
            throw e;
        }
    }

    // ---- executing --------------------------------------------------------------------------------------------

    @Override
    public ResultSet executeQuery() throws SQLException {
        if (write) {
            written(replicate(SqlCall.prepared(Method.QUERY, sql, values(), keys)));
            return getResultSet();
        }
        connection.beforeRead();
        return wrap(delegate.executeQuery());
    }

    @Override
    public int executeUpdate() throws SQLException {
        return toInt(executeLargeUpdate());
    }

    @Override
    public long executeLargeUpdate() throws SQLException {
        if (write) {
            return written(replicate(SqlCall.prepared(Method.UPDATE, sql, values(), keys))).updateCount();
        }
        connection.beforeRead();
        wrap(null);
        return delegate.executeLargeUpdate();
    }

    @Override
    public boolean execute() throws SQLException {
        if (write) {
            return written(replicate(SqlCall.prepared(Method.EXECUTE, sql, values(), keys))).resultSet() != null;
        }
        connection.beforeRead();
        wrap(null);
        return delegate.execute();
    }

    @Override
    public void addBatch() throws SQLException {
        checkOpen();
        if (write) {
            batch.add(values());
        } else {
            delegate.addBatch();
        }
    }

    @Override
    public void clearBatch() throws SQLException {
        checkOpen();
        batch.clear();
        delegate.clearBatch();
    }

    @Override
    public long[] executeLargeBatch() throws SQLException {
        checkOpen();
        if (!write) {
            return delegate.executeLargeBatch();
        }
        List<Object[]> rows = new ArrayList<>(batch);
        batch.clear();
        if (rows.isEmpty()) {
            return new long[0];
        }
        return written(replicate(SqlCall.preparedBatch(sql, rows, keys))).batchCounts();
    }

    @Override
    public int[] executeBatch() throws SQLException {
        return toInts(executeLargeBatch());
    }

    /** The bound values; H2's error when one is missing. */
    private Object[] values() throws SQLException {
        checkOpen();
        for (int i = 0; i < bound.length; i++) {
            if (!bound[i]) {
                throw new SQLException("Parameter \"#" + (i + 1) + "\" is not set; SQL statement:\n" + sql,
                        "90012", 90012);
            }
        }
        return values.clone();
    }

    private void bind(int index, Object value) {
        if (write) {
            values[index - 1] = value;
            bound[index - 1] = true;
        }
    }

    @Override
    public void clearParameters() throws SQLException {
        delegate.clearParameters();
        Arrays.fill(values, null);
        Arrays.fill(bound, false);
    }

    // ---- parameters -------------------------------------------------------------------------------------------

    @Override
    public void setNull(int parameterIndex, int sqlType) throws SQLException {
        delegate.setNull(parameterIndex, sqlType);
        bind(parameterIndex, null);
    }

    @Override
    public void setNull(int parameterIndex, int sqlType, String typeName) throws SQLException {
        delegate.setNull(parameterIndex, sqlType, typeName);
        bind(parameterIndex, null);
    }

    @Override
    public void setBoolean(int parameterIndex, boolean x) throws SQLException {
        delegate.setBoolean(parameterIndex, x);
        bind(parameterIndex, x);
    }

    @Override
    public void setByte(int parameterIndex, byte x) throws SQLException {
        delegate.setByte(parameterIndex, x);
        bind(parameterIndex, x);
    }

    @Override
    public void setShort(int parameterIndex, short x) throws SQLException {
        delegate.setShort(parameterIndex, x);
        bind(parameterIndex, x);
    }

    @Override
    public void setInt(int parameterIndex, int x) throws SQLException {
        delegate.setInt(parameterIndex, x);
        bind(parameterIndex, x);
    }

    @Override
    public void setLong(int parameterIndex, long x) throws SQLException {
        delegate.setLong(parameterIndex, x);
        bind(parameterIndex, x);
    }

    @Override
    public void setFloat(int parameterIndex, float x) throws SQLException {
        delegate.setFloat(parameterIndex, x);
        bind(parameterIndex, x);
    }

    @Override
    public void setDouble(int parameterIndex, double x) throws SQLException {
        delegate.setDouble(parameterIndex, x);
        bind(parameterIndex, x);
    }

    @Override
    public void setBigDecimal(int parameterIndex, BigDecimal x) throws SQLException {
        delegate.setBigDecimal(parameterIndex, x);
        bind(parameterIndex, x);
    }

    @Override
    public void setString(int parameterIndex, String x) throws SQLException {
        delegate.setString(parameterIndex, x);
        bind(parameterIndex, x);
    }

    @Override
    public void setNString(int parameterIndex, String value) throws SQLException {
        delegate.setNString(parameterIndex, value);
        bind(parameterIndex, value);
    }

    @Override
    public void setBytes(int parameterIndex, byte[] x) throws SQLException {
        delegate.setBytes(parameterIndex, x);
        bind(parameterIndex, x == null ? null : x.clone());
    }

    @Override
    public void setDate(int parameterIndex, Date x) throws SQLException {
        delegate.setDate(parameterIndex, x);
        bind(parameterIndex, ParamValues.date(x, null));
    }

    @Override
    public void setDate(int parameterIndex, Date x, Calendar cal) throws SQLException {
        delegate.setDate(parameterIndex, x, cal);
        bind(parameterIndex, ParamValues.date(x, cal));
    }

    @Override
    public void setTime(int parameterIndex, Time x) throws SQLException {
        delegate.setTime(parameterIndex, x);
        bind(parameterIndex, ParamValues.time(x, null));
    }

    @Override
    public void setTime(int parameterIndex, Time x, Calendar cal) throws SQLException {
        delegate.setTime(parameterIndex, x, cal);
        bind(parameterIndex, ParamValues.time(x, cal));
    }

    @Override
    public void setTimestamp(int parameterIndex, Timestamp x) throws SQLException {
        delegate.setTimestamp(parameterIndex, x);
        bind(parameterIndex, ParamValues.timestamp(x, null));
    }

    @Override
    public void setTimestamp(int parameterIndex, Timestamp x, Calendar cal) throws SQLException {
        delegate.setTimestamp(parameterIndex, x, cal);
        bind(parameterIndex, ParamValues.timestamp(x, cal));
    }

    @Override
    public void setObject(int parameterIndex, Object x) throws SQLException {
        Object value = ParamValues.of(x);
        delegate.setObject(parameterIndex, value);
        bind(parameterIndex, value);
    }

    @Override
    public void setObject(int parameterIndex, Object x, int targetSqlType) throws SQLException {
        Object value = ParamValues.of(x);
        delegate.setObject(parameterIndex, value, targetSqlType);
        bind(parameterIndex, new TypedValue(value, targetSqlType));
    }

    @Override
    public void setObject(int parameterIndex, Object x, int targetSqlType, int scaleOrLength) throws SQLException {
        Object value = ParamValues.of(x);
        delegate.setObject(parameterIndex, value, targetSqlType, scaleOrLength);
        bind(parameterIndex, new TypedValue(value, targetSqlType));
    }

    @Override
    public void setObject(int parameterIndex, Object x, SQLType targetSqlType) throws SQLException {
        setObject(parameterIndex, x, vendorType(targetSqlType));
    }

    @Override
    public void setObject(int parameterIndex, Object x, SQLType targetSqlType, int scaleOrLength)
            throws SQLException {
        setObject(parameterIndex, x, vendorType(targetSqlType), scaleOrLength);
    }

    private static int vendorType(SQLType type) throws SQLException {
        if (type == null || type.getVendorTypeNumber() == null) {
            throw new SQLFeatureNotSupportedException("SQL type " + type + " has no JDBC type number", "0A000");
        }
        return type.getVendorTypeNumber();
    }

    @Override
    public void setAsciiStream(int parameterIndex, InputStream x, int length) throws SQLException {
        setString(parameterIndex, ParamValues.ascii(x, length));
    }

    @Override
    public void setAsciiStream(int parameterIndex, InputStream x, long length) throws SQLException {
        setString(parameterIndex, ParamValues.ascii(x, length));
    }

    @Override
    public void setAsciiStream(int parameterIndex, InputStream x) throws SQLException {
        setString(parameterIndex, ParamValues.ascii(x, -1));
    }

    @Override
    @SuppressWarnings("deprecation")
    public void setUnicodeStream(int parameterIndex, InputStream x, int length) throws SQLException {
        throw new SQLFeatureNotSupportedException("setUnicodeStream is deprecated; use setCharacterStream",
                "0A000");
    }

    @Override
    public void setBinaryStream(int parameterIndex, InputStream x, int length) throws SQLException {
        setBytes(parameterIndex, ParamValues.bytes(x, length));
    }

    @Override
    public void setBinaryStream(int parameterIndex, InputStream x, long length) throws SQLException {
        setBytes(parameterIndex, ParamValues.bytes(x, length));
    }

    @Override
    public void setBinaryStream(int parameterIndex, InputStream x) throws SQLException {
        setBytes(parameterIndex, ParamValues.bytes(x, -1));
    }

    @Override
    public void setCharacterStream(int parameterIndex, Reader reader, int length) throws SQLException {
        setString(parameterIndex, ParamValues.chars(reader, length));
    }

    @Override
    public void setCharacterStream(int parameterIndex, Reader reader, long length) throws SQLException {
        setString(parameterIndex, ParamValues.chars(reader, length));
    }

    @Override
    public void setCharacterStream(int parameterIndex, Reader reader) throws SQLException {
        setString(parameterIndex, ParamValues.chars(reader, -1));
    }

    @Override
    public void setNCharacterStream(int parameterIndex, Reader value, long length) throws SQLException {
        setString(parameterIndex, ParamValues.chars(value, length));
    }

    @Override
    public void setNCharacterStream(int parameterIndex, Reader value) throws SQLException {
        setString(parameterIndex, ParamValues.chars(value, -1));
    }

    @Override
    public void setBlob(int parameterIndex, Blob x) throws SQLException {
        setBytes(parameterIndex, x == null ? null : (byte[]) ParamValues.of(x));
    }

    @Override
    public void setBlob(int parameterIndex, InputStream inputStream, long length) throws SQLException {
        setBytes(parameterIndex, ParamValues.bytes(inputStream, length));
    }

    @Override
    public void setBlob(int parameterIndex, InputStream inputStream) throws SQLException {
        setBytes(parameterIndex, ParamValues.bytes(inputStream, -1));
    }

    @Override
    public void setClob(int parameterIndex, Clob x) throws SQLException {
        setString(parameterIndex, x == null ? null : (String) ParamValues.of(x));
    }

    @Override
    public void setClob(int parameterIndex, Reader reader, long length) throws SQLException {
        setString(parameterIndex, ParamValues.chars(reader, length));
    }

    @Override
    public void setClob(int parameterIndex, Reader reader) throws SQLException {
        setString(parameterIndex, ParamValues.chars(reader, -1));
    }

    @Override
    public void setNClob(int parameterIndex, NClob value) throws SQLException {
        setClob(parameterIndex, value);
    }

    @Override
    public void setNClob(int parameterIndex, Reader reader, long length) throws SQLException {
        setString(parameterIndex, ParamValues.chars(reader, length));
    }

    @Override
    public void setNClob(int parameterIndex, Reader reader) throws SQLException {
        setString(parameterIndex, ParamValues.chars(reader, -1));
    }

    @Override
    public void setArray(int parameterIndex, Array x) throws SQLException {
        setObject(parameterIndex, x == null ? null : x.getArray());
    }

    @Override
    public void setRef(int parameterIndex, Ref x) throws SQLException {
        throw unsupportedParameter("Ref");
    }

    @Override
    public void setURL(int parameterIndex, URL x) throws SQLException {
        throw unsupportedParameter("URL");
    }

    @Override
    public void setRowId(int parameterIndex, RowId x) throws SQLException {
        throw unsupportedParameter("RowId");
    }

    @Override
    public void setSQLXML(int parameterIndex, SQLXML xmlObject) throws SQLException {
        setString(parameterIndex, xmlObject == null ? null : xmlObject.getString());
    }

    private static SQLException unsupportedParameter(String type) {
        return new SQLFeatureNotSupportedException("a " + type + " parameter is not supported", "0A000");
    }

    // ---- metadata, and the SQL-text methods a prepared statement refuses ---------------------------------------

    @Override
    public ResultSetMetaData getMetaData() throws SQLException {
        return delegate.getMetaData();
    }

    @Override
    public ParameterMetaData getParameterMetaData() throws SQLException {
        return delegate.getParameterMetaData();
    }

    @Override
    public ResultSet executeQuery(String sql) throws SQLException {
        throw notOnPrepared();
    }

    @Override
    public int executeUpdate(String sql) throws SQLException {
        throw notOnPrepared();
    }

    @Override
    public int executeUpdate(String sql, int autoGeneratedKeys) throws SQLException {
        throw notOnPrepared();
    }

    @Override
    public int executeUpdate(String sql, int[] columnIndexes) throws SQLException {
        throw notOnPrepared();
    }

    @Override
    public int executeUpdate(String sql, String[] columnNames) throws SQLException {
        throw notOnPrepared();
    }

    @Override
    public long executeLargeUpdate(String sql) throws SQLException {
        throw notOnPrepared();
    }

    @Override
    public long executeLargeUpdate(String sql, int autoGeneratedKeys) throws SQLException {
        throw notOnPrepared();
    }

    @Override
    public long executeLargeUpdate(String sql, int[] columnIndexes) throws SQLException {
        throw notOnPrepared();
    }

    @Override
    public long executeLargeUpdate(String sql, String[] columnNames) throws SQLException {
        throw notOnPrepared();
    }

    @Override
    public boolean execute(String sql) throws SQLException {
        throw notOnPrepared();
    }

    @Override
    public boolean execute(String sql, int autoGeneratedKeys) throws SQLException {
        throw notOnPrepared();
    }

    @Override
    public boolean execute(String sql, int[] columnIndexes) throws SQLException {
        throw notOnPrepared();
    }

    @Override
    public boolean execute(String sql, String[] columnNames) throws SQLException {
        throw notOnPrepared();
    }

    @Override
    public void addBatch(String sql) throws SQLException {
        throw notOnPrepared();
    }
}
