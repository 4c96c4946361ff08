package io.abcast.examples.cluster;

import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The demo of a scenario: runs it on a local cluster of replica processes ({@link LocalCluster}) with a progress bar,
 * then prints the end state of every replica, what the clients did, the checks and the result. A scenario's demo
 * command takes its plan's options and these ({@link Options}, a picocli mixin), and returns {@link #run}'s code.
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
    }

    /** The values of {@code --progress}. */
    public enum Progress {
        AUTO, BAR, LINES, OFF
    }

    private Demo() {
    }

    /** Runs the scenario's demo; returns the exit code. */
    public static int run(Scenario scenario, Options options, PrintStream out) throws IOException, InterruptedException {
        ProgressBar bar = new ProgressBar(out, mode(options.progress), scenario.unit(), scenario.unit() + "/s");
        out.println("abcast " + scenario.name() + " demo: " + scenario.nodes() + " replicas, one process each, on "
                + "this machine; " + scenario.describe());
        LocalCluster.Settings settings = new LocalCluster.Settings(options.dataDir, options.port,
                Duration.ofSeconds(options.timeoutSeconds), options.logLevel);
        Run run;
        try {
            run = LocalCluster.run(scenario, settings, new LocalCluster.Listener() {
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
        } catch (LocalCluster.RunFailed e) {
            bar.endLine();
            out.println();
            out.println("RESULT: the run did not complete: " + e.getMessage());
            return 2;
        }
        bar.endLine();
        new RunTables(out).print(run);
        return run.ok() ? 0 : 1;
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
