package io.abcast.examples.chat;

import io.abcast.examples.cluster.ProgressBar;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * The chat demo: starts a cluster of replica processes on this machine (three by default), lets users post to
 * channels through every replica at once, and shows that every replica ends the same and that every member of each
 * channel sees the same messages in the same order. Run it with {@code ./mvnw -B -Pdemo verify} from the root.
 *
 * <p>Exit code: 0 when every check holds, 1 when a replica differs or a check fails, 2 when the run could not
 * complete (a node failed or timed out). The child processes never outlive it (see {@link ChatCluster}).
 */
@Command(name = "chat-demo", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Starts replica processes of one abcast cluster, runs the chat scenario through all of them "
                + "at once, and checks that every replica ends the same.")
public final class ChatDemo implements Callable<Integer> {

    @Option(names = "--nodes", defaultValue = "3", description = "Replica processes (default ${DEFAULT-VALUE}).")
    int nodes;

    @Option(names = "--users", defaultValue = "4", description = "Users per node (default ${DEFAULT-VALUE}).")
    int users;

    @Option(names = "--messages", defaultValue = "1000",
            description = "Messages each user posts (default ${DEFAULT-VALUE}).")
    int messages;

    @Option(names = "--channels", defaultValue = "5", description = "Channels (default ${DEFAULT-VALUE}).")
    int channels;

    @Option(names = "--port", defaultValue = "7800",
            description = "First of the 10 TCP ports the nodes bind on 127.0.0.1 (default ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--data-dir", defaultValue = "target/demo-data",
            description = "Where each run gets its directory of databases and logs (default ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--timeout", defaultValue = "300",
            description = "Seconds the users get to post everything (default ${DEFAULT-VALUE}).")
    long timeoutSeconds;

    @Option(names = "--progress", defaultValue = "auto",
            description = "auto (a bar on a terminal, else a line every 10%%), bar, lines or off.")
    Progress progress;

    @Option(names = "--log-level", defaultValue = "warn",
            description = "Log level of the replica processes; their logs go to nK.log (default ${DEFAULT-VALUE}).")
    String logLevel;

    @Spec
    CommandSpec spec;

    private final PrintStream out = System.out;

    /** The values of {@code --progress}. */
    enum Progress {
        AUTO, BAR, LINES, OFF
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new ChatDemo()).setCaseInsensitiveEnumValuesAllowed(true).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        ChatPlan plan;
        try {
            plan = new ChatPlan(nodes, users, messages, channels);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        ProgressBar bar = new ProgressBar(out, progressMode(), "messages", "msg/s");
        out.println("abcast chat demo: " + plan.nodes() + " replicas, one process each, on this machine; "
                + plan.totalUsers() + " users post " + plan.messagesPerUser() + " messages each to "
                + plan.channels() + " channels (" + plan.totalMessages() + " in all) through every replica at once");
        ChatCluster.Settings settings = new ChatCluster.Settings(plan, dataDir, port, Duration.ofSeconds(timeoutSeconds),
                logLevel, List.of());
        ChatRun run;
        try {
            run = ChatCluster.run(settings, new ChatCluster.Listener() {
                @Override
                public void step(String text) {
                    bar.endLine();
                    out.println("  " + text);
                }

                @Override
                public void progress(long posted, long total) {
                    bar.update(posted, total);
                }

                @Override
                public void output(String node, String line) {
                    bar.endLine();
                    out.println("  [" + node + "] " + line);
                }
            });
        } catch (ChatCluster.RunFailed e) {
            bar.endLine();
            out.println();
            out.println("RESULT: the run did not complete: " + e.getMessage());
            return 2;
        }
        bar.endLine();
        new RunPrinter(out).print(run);
        return run.ok() ? 0 : 1;
    }

    private ProgressBar.Mode progressMode() {
        return switch (progress) {
            case BAR -> ProgressBar.Mode.BAR;
            case LINES -> ProgressBar.Mode.LINES;
            case OFF -> ProgressBar.Mode.OFF;
            case AUTO -> ProgressBar.auto();
        };
    }
}
