package io.abcast.examples.cluster;

import io.abcast.examples.cluster.NodeProcesses.Listener;
import io.abcast.examples.cluster.NodeProcesses.RunFailed;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The demo of a scenario: runs it on a local cluster of replica processes ({@link LocalCluster}) with a progress bar,
 * then prints the end state of every replica, what the clients did, the checks and the result. A scenario's demo
 * command takes its plan's options and these ({@link Options}, a picocli mixin), and returns {@link #run}'s code.
 * The chat demo, which has a cluster and tables of its own, takes the same options and runs in the same frame
 * ({@link #run(About, Options, PrintStream, Runner, Printer)}).
 *
 * <p>Exit codes: 0 when every check holds, 1 when a replica differs or a check fails, 2 when the run could not
 * complete (a node failed or timed out).
 */
public final class Demo {

    /** The options every scenario's demo takes. */
    public static final class Options {

        @Option(names = "--port", defaultValue = "7800",
                description = "First of the 10 TCP ports the nodes bind on 127.0.0.1 (default ${DEFAULT-VALUE}).")
        int port;

        @Option(names = "--data-dir", defaultValue = "target/demo-data",
                description = "Where each run gets its directory of databases and logs (default ${DEFAULT-VALUE}).")
        Path dataDir;

        @Option(names = "--timeout", defaultValue = "300",
                description = "Seconds the clients get to do everything (default ${DEFAULT-VALUE}).")
        long timeoutSeconds;

        @Option(names = "--progress", defaultValue = "auto",
                description = "auto (a bar on a terminal, else a line every 10%%), bar, lines or off.")
        Progress progress;

        @Option(names = "--log-level", defaultValue = "warn",
                description = "Log level of the replica processes; their logs go to nK.log (default ${DEFAULT-VALUE}).")
        String logLevel;

        /** How to run the cluster: the data directory, port, timeout and log level given. */
        public LocalCluster.Settings settings() {
            return new LocalCluster.Settings(dataDir, port, Duration.ofSeconds(timeoutSeconds), logLevel);
        }
    }

    /** The values of {@code --progress}. */
    public enum Progress {
        AUTO, BAR, LINES, OFF
    }

    private Demo() {
    }

    /** What a demo shows in its first line and its progress. */
    public record About(String name, int nodes, String describe, String unit, String rateUnit) {

        /** A scenario's: its name and nodes, what it does, its operations per second. */
        public static About of(Scenario scenario) {
            return new About(scenario.name(), scenario.nodes(), scenario.describe(), scenario.unit(),
                    scenario.unit() + "/s");
        }
    }

    /** Runs a demo's cluster once, telling the listener as it goes. */
    @FunctionalInterface
    public interface Runner<R> {
        R run(Listener listener) throws RunFailed, IOException, InterruptedException;
    }

    /** Prints a run's closing tables; returns whether the run is ok. */
    @FunctionalInterface
    public interface Printer<R> {
        boolean print(R run);
    }

    /** Runs the scenario's demo; returns the exit code. */
    public static int run(Scenario scenario, Options options, PrintStream out) throws IOException, InterruptedException {
        return run(About.of(scenario), options, out, listener -> LocalCluster.run(scenario, options.settings(), listener),
                run -> {
                    new RunTables(out).print(run);
                    return run.ok();
                });
    }

    /**
     * Runs a demo: its first line, the run with a progress bar and the steps, then the closing tables, or why the
     * run did not complete; returns the exit code.
     */
    public static <R> int run(About about, Options options, PrintStream out, Runner<R> runner, Printer<R> printer)
            throws IOException, InterruptedException {
        ProgressBar bar = new ProgressBar(out, mode(options.progress), about.unit(), about.rateUnit());
        out.println("abcast " + about.name() + " demo: " + about.nodes() + " replicas, one process each, on "
                + "this machine; " + about.describe());
        R run;
        try {
            run = runner.run(new Listener() {
                @Override
                public void step(String text) {
                    bar.endLine();
                    out.println("  " + text);
                }

                @Override
                public void progress(long done, long total) {
                    bar.update(done, total);
                }

                @Override
                public void output(String node, String line) {
                    bar.endLine();
                    out.println("  [" + node + "] " + line);
                }
            });
        } catch (RunFailed e) {
            bar.endLine();
            out.println();
            out.println("RESULT: the run did not complete: " + e.getMessage());
            return 2;
        }
        bar.endLine();
        return printer.print(run) ? 0 : 1;
    }

    private static ProgressBar.Mode mode(Progress progress) {
        return switch (progress) {
            case BAR -> ProgressBar.Mode.BAR;
            case LINES -> ProgressBar.Mode.LINES;
            case OFF -> ProgressBar.Mode.OFF;
            case AUTO -> ProgressBar.auto();
        };
    }
}
