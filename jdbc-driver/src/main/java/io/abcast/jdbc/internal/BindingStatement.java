package io.abcast.jdbc.internal;

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
import java.sql.PreparedStatement;
import java.sql.Ref;
import java.sql.RowId;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLType;
import java.sql.SQLXML;
import java.sql.Time;
import java.sql.Timestamp;
import java.util.Calendar;

/**
 * Binding parameters: each setter binds the value on the wrapped H2 statement (which checks the index and serves
 * queries) and hands {@link #bind} the value a command can carry ({@link ParamValues}). Streams and LOBs are read
 * whole first, since a stream can be read only once.
 */
abstract class BindingStatement extends AbcastStatement implements PreparedStatement {

    final PreparedStatement prepared;

    BindingStatement(AbcastConnection connection, PreparedStatement prepared) {
        super(connection, prepared);
        this.prepared = prepared;
    }

    /** Records the value bound at a 1-based index. */
    abstract void bind(int index, Object value);

    @Override
    public void setNull(int parameterIndex, int sqlType) throws SQLException {
        prepared.setNull(parameterIndex, sqlType);
        bind(parameterIndex, null);
    }

    @Override
    public void setNull(int parameterIndex, int sqlType, String typeName) throws SQLException {
        prepared.setNull(parameterIndex, sqlType, typeName);
        bind(parameterIndex, null);
    }

    @Override
    public void setBoolean(int parameterIndex, boolean x) throws SQLException {
        prepared.setBoolean(parameterIndex, x);
        bind(parameterIndex, x);
    }

    @Override
    public void setByte(int parameterIndex, byte x) throws SQLException {
        prepared.setByte(parameterIndex, x);
        bind(parameterIndex, x);
    }

    @Override
    public void setShort(int parameterIndex, short x) throws SQLException {
        prepared.setShort(parameterIndex, x);
        bind(parameterIndex, x);
    }

    @Override
    public void setInt(int parameterIndex, int x) throws SQLException {
        prepared.setInt(parameterIndex, x);
        bind(parameterIndex, x);
    }

    @Override
    public void setLong(int parameterIndex, long x) throws SQLException {
        prepared.setLong(parameterIndex, x);
        bind(parameterIndex, x);
    }

    @Override
    public void setFloat(int parameterIndex, float x) throws SQLException {
        prepared.setFloat(parameterIndex, x);
        bind(parameterIndex, x);
    }

    @Override
    public void setDouble(int parameterIndex, double x) throws SQLException {
        prepared.setDouble(parameterIndex, x);
        bind(parameterIndex, x);
    }

    @Override
    public void setBigDecimal(int parameterIndex, BigDecimal x) throws SQLException {
        prepared.setBigDecimal(parameterIndex, x);
        bind(parameterIndex, x);
    }

    @Override
    public void setString(int parameterIndex, String x) throws SQLException {
        prepared.setString(parameterIndex, x);
        bind(parameterIndex, x);
    }

    @Override
    public void setNString(int parameterIndex, String value) throws SQLException {
        prepared.setNString(parameterIndex, value);
        bind(parameterIndex, value);
    }

    @Override
    public void setBytes(int parameterIndex, byte[] x) throws SQLException {
        prepared.setBytes(parameterIndex, x);
        bind(parameterIndex, x == null ? null : x.clone());
    }

    @Override
    public void setDate(int parameterIndex, Date x) throws SQLException {
        prepared.setDate(parameterIndex, x);
        bind(parameterIndex, ParamValues.date(x, null, connection.zone()));
    }

    @Override
    public void setDate(int parameterIndex, Date x, Calendar cal) throws SQLException {
        prepared.setDate(parameterIndex, x, cal);
        bind(parameterIndex, ParamValues.date(x, cal, connection.zone()));
    }

    @Override
    public void setTime(int parameterIndex, Time x) throws SQLException {
        prepared.setTime(parameterIndex, x);
        bind(parameterIndex, ParamValues.time(x, null, connection.zone()));
    }

    @Override
    public void setTime(int parameterIndex, Time x, Calendar cal) throws SQLException {
        prepared.setTime(parameterIndex, x, cal);
        bind(parameterIndex, ParamValues.time(x, cal, connection.zone()));
    }

    @Override
    public void setTimestamp(int parameterIndex, Timestamp x) throws SQLException {
        prepared.setTimestamp(parameterIndex, x);
        bind(parameterIndex, ParamValues.timestamp(x, null, connection.zone()));
    }

    @Override
    public void setTimestamp(int parameterIndex, Timestamp x, Calendar cal) throws SQLException {
        prepared.setTimestamp(parameterIndex, x, cal);
        bind(parameterIndex, ParamValues.timestamp(x, cal, connection.zone()));
    }

    @Override
    public void setObject(int parameterIndex, Object x) throws SQLException {
        Object value = ParamValues.of(x, connection.zone());
        prepared.setObject(parameterIndex, value);
        bind(parameterIndex, value);
    }

    @Override
    public void setObject(int parameterIndex, Object x, int targetSqlType) throws SQLException {
        Object value = ParamValues.of(x, connection.zone());
        prepared.setObject(parameterIndex, value, targetSqlType);
        bind(parameterIndex, new TypedValue(value, targetSqlType));
    }

    @Override
    public void setObject(int parameterIndex, Object x, int targetSqlType, int scaleOrLength) throws SQLException {
        Object value = ParamValues.of(x, connection.zone());
        prepared.setObject(parameterIndex, value, targetSqlType, scaleOrLength);
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
        setBytes(parameterIndex, x == null ? null : (byte[]) ParamValues.of(x, connection.zone()));
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
        setString(parameterIndex, x == null ? null : (String) ParamValues.of(x, connection.zone()));
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

}
