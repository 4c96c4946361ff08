package io.abcast.replicator;

import java.sql.SQLException;
import java.util.List;

/**
 * What applying a command gave on the origin's own replica: the result of each call, or the error that undid all of
 * them. Every replica computes the same outcome; only the origin's is handed to the caller.
 *
 * @param position the position the command was applied at (0 if it was a duplicate and skipped)
 * @param results  one result per call when the command succeeded; empty when it failed
 * @param error    H2's exception when a call failed (nothing of the command was applied), else null
 */
public record Outcome(long position, List<CallResult> results, SQLException error) {

    public Outcome {
        results = List.copyOf(results);
    }

    /** The result of one call. */
    public record CallResult(Rows resultSet, long updateCount, long[] batchCounts, Rows generatedKeys) {

        public static CallResult ofResultSet(Rows rows, Rows keys) {
            return new CallResult(rows, -1, null, keys);
        }

        public static CallResult ofUpdateCount(long count, Rows keys) {
            return new CallResult(null, count, null, keys);
        }

        public static CallResult ofBatch(long[] counts, Rows keys) {
            return new CallResult(null, -1, counts, keys);
        }
    }

    public static Outcome success(long position, List<CallResult> results) {
        return new Outcome(position, results, null);
    }

    public static Outcome failure(long position, SQLException error) {
        return new Outcome(position, List.of(), error);
    }

    public boolean failed() {
        return error != null;
    }
}
