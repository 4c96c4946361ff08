package io.abcast.examples.chat;

import io.abcast.examples.cluster.Demo;
import io.abcast.examples.cluster.LocalCluster;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.PrintStream;
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

    @Mixin
    Demo.Options options;

    @Spec
    CommandSpec spec;

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
        String describe = plan.totalUsers() + " users post " + plan.messagesPerUser() + " messages each to "
                + plan.channels() + " channels (" + plan.totalMessages() + " in all) through every replica at once";
        LocalCluster.Settings common = options.settings();
        ChatCluster.Settings settings = new ChatCluster.Settings(plan, common.dataDir(), common.port(),
                common.timeout(), common.logLevel(), List.of());
        PrintStream out = System.out;
        return Demo.run(new Demo.About("chat", plan.nodes(), describe, "messages", "msg/s"), options, out,
                listener -> ChatCluster.run(settings, listener), run -> {
                    new RunPrinter(out).print(run);
                    return run.ok();
                });
    }
}
