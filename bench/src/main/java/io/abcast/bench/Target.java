package io.abcast.bench;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * A database set-up the benchmark writes to: started fresh in its own directory, then handed a workload's schema,
 * then handing out one connection per client thread, then checked (replicas agree, the data is right) and stopped.
 */
interface Target extends AutoCloseable {

    /** The name in the result tables. */
    String name();

    /** Starts the databases (and replicas, servers, processes) and opens {@code connections} client connections. */
    void start(int connections) throws Exception;

    /**
     * Runs a workload's set-up statements (tables, initial rows) in autocommit on the first connection and, where
     * client threads write through several replicas, waits until every one of them has applied them.
     */
    void setUp(List<String> statements) throws Exception;

    /** The connection of client thread {@code index}; each thread uses its own. */
    Connection connection(int index);

    /**
     * Checks the end state once every client thread stopped: where the target can tell, that the replicas hold the
     * same data, and on every replica or server it can query, the workload's own check.
     *
     * @return lines for the report, each saying what was compared and whether it matched
     * @throws Exception if a check could not be made
     */
    List<CheckLine> check(DataCheck data) throws Exception;

    /** Closes the connections and stops everything {@link #start} started; safe after a failed start. */
    @Override
    void close();

    /**
     * One line of a target's end-of-run check.
     *
     * @param ok   whether it matched
     * @param text what was compared, and the values
     */
    record CheckLine(boolean ok, String text) {
    }

    /** A workload's check of the data in one database (a replica, a server), through a connection in autocommit. */
    @FunctionalInterface
    interface DataCheck {

        /**
         * @param where the database's name in the report, e.g. "n2"
         */
        CheckLine check(String where, Connection connection) throws SQLException;
    }
}
