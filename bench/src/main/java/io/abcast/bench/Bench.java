package io.abcast.bench;

import java.io.PrintStream;
import java.util.List;

/**
 * One workload of a benchmark run (single-row inserts, bank transfers): what it does on each target, which
 * {@link BenchMain} starts fresh for it, and the table it prints once every target has had its turn.
 */
interface Bench {

    /** The workload's name, as given to {@code --workload}. */
    String name();

    /** What it measures, one line above its table. */
    String title();

    /** Whether it runs on this target; it skips the others. */
    boolean supports(String target);

    /**
     * Starts the target, sets it up, warms it up, measures each thread count and checks the end state.
     *
     * @param report where to add the check lines
     * @return whether every run and check went through
     */
    boolean run(Target target, List<String> report) throws Exception;

    /** Notes that the target failed before its runs were done (to start, or to be checked). */
    void failed(String target, Exception e);

    /** Prints the result table. */
    void printTable(PrintStream out);
}
