package io.abcast.bench;

import java.sql.Connection;
import java.util.List;

/**
 * A database set-up the benchmark writes to: started fresh in its own directory, then handing out one connection per
 * client thread, then checked (replicas agree, every row is there) and stopped.
 */
interface Target extends AutoCloseable {

    /** The name in the result table. */
    String name();

    /**
     * Starts the databases (and replicas, servers, processes) and opens {@code connections} client connections.
     * Creates the {@code BENCH} table.
     */
    void start(int connections) throws Exception;

    /** The connection of client thread {@code index}; each thread uses its own. */
    Connection connection(int index);

    /**
     * Checks the end state once every insert returned: that every replica or server holds {@code expectedRows} rows
     * and, where the target can tell, the same data.
     *
     * @return lines for the report, each saying what was compared and whether it matched
     * @throws Exception if a check could not be made
     */
    List<CheckLine> check(long expectedRows) throws Exception;

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
}
