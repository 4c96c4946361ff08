package io.abcast.replicator;

import java.util.List;
import java.util.Objects;

/**
 * One JDBC call that a replica repeats against H2: the method, the SQL, the bound parameters and the generated keys
 * asked for. Repeating the application's own call (rather than an equivalent one) is what makes a replica's result the
 * one plain H2 would have given: the same update counts, keys, result sets and errors.
 *
 * <p>Parameter values are immutable objects of the types {@link Values} accepts, or null.
 *
 * @param method   which execute method the application called
 * @param prepared whether it was a {@code PreparedStatement} (parameters bound) or a plain {@code Statement}
 * @param sql      the SQL text; one element, except for a plain statement batch (one per {@code addBatch})
 * @param params   for a prepared call, one parameter array per execution (several for a batch); empty otherwise
 * @param keys     the generated keys asked for
 */
public record SqlCall(Method method, boolean prepared, List<String> sql, List<Object[]> params, KeyRequest keys) {

    /** The JDBC execute method called. */
    public enum Method {
        /** {@code execute}: a result set or an update count. */
        EXECUTE,
        /** {@code executeQuery}: a result set, or H2's error when the SQL is not a query. */
        QUERY,
        /** {@code executeUpdate} and {@code executeLargeUpdate}: an update count. */
        UPDATE,
        /** {@code executeBatch} and {@code executeLargeBatch}: one update count per element. */
        BATCH
    }

    public SqlCall {
        Objects.requireNonNull(method, "method");
        sql = List.copyOf(sql);
        params = List.copyOf(params);
        Objects.requireNonNull(keys, "keys");
        if (sql.isEmpty()) {
            throw new IllegalArgumentException("a call needs SQL");
        }
        if (!prepared && !params.isEmpty()) {
            throw new IllegalArgumentException("a plain statement has no parameters");
        }
        if (method != Method.BATCH && sql.size() != 1) {
            throw new IllegalArgumentException(method + " takes one SQL string");
        }
        if (prepared && sql.size() != 1) {
            throw new IllegalArgumentException("a prepared call has one SQL string");
        }
    }

    /** A plain {@code Statement} call. */
    public static SqlCall statement(Method method, String sql, KeyRequest keys) {
        return new SqlCall(method, false, List.of(sql), List.of(), keys);
    }

    /** A plain {@code Statement} batch, one SQL string per {@code addBatch}. */
    public static SqlCall statementBatch(List<String> sql) {
        return new SqlCall(Method.BATCH, false, sql, List.of(), KeyRequest.NONE);
    }

    /** A {@code PreparedStatement} call with one set of parameters. */
    public static SqlCall prepared(Method method, String sql, Object[] params, KeyRequest keys) {
        return new SqlCall(method, true, List.of(sql), List.<Object[]>of(params.clone()), keys);
    }

    /** A {@code PreparedStatement} batch, one parameter array per {@code addBatch}. */
    public static SqlCall preparedBatch(String sql, List<Object[]> params, KeyRequest keys) {
        return new SqlCall(Method.BATCH, true, List.of(sql), params, keys);
    }
}
