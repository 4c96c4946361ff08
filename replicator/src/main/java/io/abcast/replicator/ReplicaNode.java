package io.abcast.replicator;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Callable;

/**
 * A replica with no application around it: a member for quorum, a reporting replica, a backup source. It prints
 * {@code READY} once its view holds the configured number of members, and answers {@code status} on standard input
 * with one line of position, hash, digest and view; {@code quit} (or end of input, or SIGTERM) stops it cleanly.
 */
@Command(name = "abcast-node", mixinStandardHelpOptions = true,
        description = "Runs one abcast replica of an H2 database.")
public final class ReplicaNode implements Callable<Integer> {

    @Option(names = "--cluster", required = true, description = "Cluster name.")
    String cluster;

    @Option(names = "--node", required = true, description = "This node's name, unique in the cluster.")
    String node;

    @Option(names = "--data", required = true, description = "Directory of the H2 database file.")
    Path data;

    @Option(names = "--size", defaultValue = "1", description = "Configured cluster size (default ${DEFAULT-VALUE}).")
    int size;

    @Option(names = "--members", split = ",", defaultValue = "127.0.0.1:7800",
            description = "host:port addresses to contact (default ${DEFAULT-VALUE}).")
    List<String> members;

    @Option(names = "--bind", defaultValue = "127.0.0.1:7800",
            description = "host:port to listen on; the first free of 10 ports is taken (default ${DEFAULT-VALUE}).")
    String bind;

    @Option(names = "--stack", defaultValue = "tcp", description = "JGroups stack: tcp or an XML file.")
    String stack;

    @Option(names = "--user", defaultValue = "sa", description = "H2 user (default ${DEFAULT-VALUE}).")
    String user;

    @Option(names = "--password", defaultValue = "", description = "H2 password.")
    String password;

    @Override
    public Integer call() throws Exception {
        Files.createDirectories(data);
        Properties info = new Properties();
        info.setProperty("user", user);
        info.setProperty("password", password);
        String url = "jdbc:h2:" + data.toAbsolutePath().resolve(node);
        ReplicaConfig config = new ReplicaConfig(cluster, node, stack, bind, members, size, url, info,
                Duration.ofSeconds(30));
        Replica replica = Replica.start(config);
        Runtime.getRuntime().addShutdownHook(new Thread(replica::close, "abcast-node-shutdown"));
        Thread ready = new Thread(() -> {
            try {
                if (replica.awaitMembers(size, Duration.ofDays(365))) {
                    System.out.println("READY node=" + node + " members=" + replica.status().members());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "abcast-node-ready");
        ready.setDaemon(true);
        ready.start();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
            line = line.trim();
            if (line.equals("status")) {
                ReplicaState state = replica.state();
                ReplicaStatus status = replica.status();
                System.out.println("STATUS node=" + node + " position=" + state.position() + " hash=" + state.hash()
                        + " digest=" + state.digest() + " members=" + String.join(",", status.members())
                        + " primary=" + status.primary() + (status.failure() == null ? "" : " failure=" + status.failure()));
            } else if (line.equals("quit")) {
                break;
            } else if (!line.isEmpty()) {
                System.out.println("ERROR unknown command '" + line + "' (status, quit)");
            }
        }
        replica.close();
        return 0;
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new ReplicaNode()).execute(args));
    }
}
