package io.abcast.bench;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

/**
 * A workload that runs replicas of its own, to stop, crash and restart them (catch-up, failover), rather than
 * running on each of {@link BenchMain}'s targets.
 */
interface Scenario {

    /** The workload's name, as given to {@code --workload}. */
    String name();

    /** What it measures, one line above its table. */
    String title();

    /**
     * Runs every case of the scenario.
     *
     * @param dir     an empty directory for its databases and stack files
     * @param logs    where child processes' logs and diagnostics go
     * @param cluster a cluster name prefix no other run uses
     * @param report  where to add the end-of-run check lines
     * @return whether every case went through and every check matched
     */
    boolean run(Path dir, Path logs, String cluster, List<String> report) throws Exception;

    /** Prints the result table. */
    void printTable(PrintStream out);
}
