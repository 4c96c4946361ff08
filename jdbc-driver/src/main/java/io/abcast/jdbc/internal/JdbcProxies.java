package io.abcast.jdbc.internal;

import io.abcast.replicator.Rows;
import org.h2.engine.Mode;
import org.h2.engine.Session;
import org.h2.jdbc.JdbcConnection;
import org.h2.jdbc.JdbcResultSet;
import org.h2.message.DbException;
import org.h2.result.SimpleResult;
import org.h2.value.DataType;
import org.h2.value.TypeInfo;
import org.h2.value.Value;
import org.h2.value.ValueToObjectConverter;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Wrappers for the JDBC objects that only need a few methods changed: result sets and database metadata. They
 * delegate every call, except that they answer {@code getStatement()} and {@code getConnection()} with abcast's
 * objects and {@code unwrap} for themselves only, so that H2's statement and connection never reach the application.
 */
final class JdbcProxies {

    private JdbcProxies() {
    }

    /** A result set whose {@code getStatement()} is {@code owner} (null for metadata result sets). */
    static ResultSet resultSet(ResultSet delegate, Statement owner) {
        if (delegate == null) {
            return null;
        }
        return (ResultSet) Proxy.newProxyInstance(JdbcProxies.class.getClassLoader(), new Class<?>[] {ResultSet.class},
                new Handler(delegate, "getStatement", owner));
    }

    /** Database metadata whose {@code getConnection()} is {@code owner}. */
    static DatabaseMetaData metaData(DatabaseMetaData delegate, Connection owner) {
        return (DatabaseMetaData) Proxy.newProxyInstance(JdbcProxies.class.getClassLoader(),
                new Class<?>[] {DatabaseMetaData.class}, new Handler(delegate, "getConnection", owner));
    }

    /**
     * A result set over rows read whole: H2's own {@code JdbcResultSet} over the rows' values, on the given H2
     * connection, so that every getter converts exactly as H2 does.
     */
    static ResultSet materialize(Rows rows, Connection raw) throws SQLException {
        JdbcConnection conn = raw.unwrap(JdbcConnection.class);
        Session session = conn.getSession();
        SimpleResult result = new SimpleResult();
        int n = rows.columns().size();
        int[] types = new int[n];
        for (int i = 0; i < n; i++) {
            Rows.Column c = rows.columns().get(i);
            types[i] = valueType(c);
            result.addColumn(c.label(), c.name(), TypeInfo.getTypeInfo(types[i], c.precision(), c.scale(), null));
        }
        try {
            for (Object[] row : rows.rows()) {
                Value[] values = new Value[n];
                for (int i = 0; i < n; i++) {
                    values[i] = ValueToObjectConverter.objectToValue(session, row[i], types[i]);
                }
                result.addRow(values);
            }
        } catch (DbException e) {
            throw e.getSQLException();
        }
        return new JdbcResultSet(conn, null, null, result, 0, true, false, false);
    }

    /** H2's value type for a column, from its type name where H2 knows it, else from its JDBC type. */
    private static int valueType(Rows.Column c) {
        DataType byName = c.typeName() == null ? null : DataType.getTypeByName(c.typeName(), Mode.getRegular());
        if (byName != null) {
            return byName.type;
        }
        try {
            return DataType.convertSQLTypeToValueType(c.sqlType(), c.typeName());
        } catch (DbException e) {
            return Value.UNKNOWN;
        }
    }

    private static final class Handler implements InvocationHandler {
        private final Object delegate;
        private final String ownerMethod;
        private final Object owner;

        Handler(Object delegate, String ownerMethod, Object owner) {
            this.delegate = delegate;
            this.ownerMethod = ownerMethod;
            this.owner = owner;
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            String name = method.getName();
            int arity = args == null ? 0 : args.length;
            if (arity == 0 && name.equals(ownerMethod)) {
                return owner;
            }
            if (arity == 1 && name.equals("unwrap")) {
                Class<?> iface = (Class<?>) args[0];
                if (iface.isInstance(proxy)) {
                    return proxy;
                }
                throw new SQLException("not a wrapper for " + iface.getName());
            }
            if (arity == 1 && name.equals("isWrapperFor")) {
                return ((Class<?>) args[0]).isInstance(proxy);
            }
            if (arity == 1 && name.equals("equals")) {
                return proxy == args[0];
            }
            if (arity == 0 && name.equals("hashCode")) {
                return System.identityHashCode(proxy);
            }
            Object result;
            try {
                result = method.invoke(delegate, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
            if (result instanceof ResultSet rs && method.getReturnType() == ResultSet.class) {
                return resultSet(rs, null); // metadata result sets have no statement
            }
            return result;
        }
    }
}
