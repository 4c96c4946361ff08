package io.abcast.replicator;

import io.abcast.replicator.node.ConfigFile;
import io.abcast.replicator.node.ReadOnlyAccess;
import io.abcast.replicator.node.StatusServer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * A replica with no application around it: a member for quorum, a reporting replica, a backup source.
 *
 * <h2>Lifecycle</h2>
 * It prints {@code STARTED node=...} once it has joined (or formed) its cluster and its servers listen, then
 * {@code READY node=.. members=[..]} once its view holds the configured number of members. SIGTERM (or {@code quit}
 * or the end of standard input, unless {@code --no-stdin}) closes it cleanly: it leaves the cluster, finishes what it
 * has queued, closes the database, and prints {@code STOPPED node=...}.
 *
 * <h2>Interfaces</h2>
 * Standard input: {@code status} prints one line of position, hash, digest, lag and view. {@code --http-port}: the status
 * over HTTP ({@link StatusServer}). {@code --sql-port}: the database read-only over H2's TCP server
 * ({@link ReadOnlyAccess}). Configuration by flags and by a properties file ({@link ConfigFile}); flags win.
 */
@Command(name = "abcast-node", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Runs one abcast replica of an H2 database.",
            "Settings come from flags and from a properties file (--config; keys are the long option names without "
                + "dashes, e.g. cluster=orders, http-port=8080); flags win."})
public final class ReplicaNode implements Callable<Integer> {

    @Option(names = ConfigFile.OPTION, paramLabel = "FILE", description = "Properties file with the settings.")
    Path config;

    @Option(names = "--cluster", description = "Cluster name (required).")
    String cluster;

    @Option(names = "--node", description = "This node's name, unique in the cluster, the same across restarts"
            + " (required).")
    String node;

    @Option(names = "--data", description = "Directory of the H2 database file (required).")
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

    @Option(names = "--user", defaultValue = "sa", description = "H2 user of the replica's database"
            + " (default ${DEFAULT-VALUE}).")
    String user;

    @Option(names = "--password", defaultValue = "", description = "H2 password.")
    String password;

    @Option(names = "--password-file", paramLabel = "FILE", description = "File whose first line is the H2 password.")
    Path passwordFile;

    @Option(names = "--secret-file", paramLabel = "FILE",
            description = "File holding the cluster secret (the same on every member); default: the environment"
                    + " variable " + ClusterSecret.ENVIRONMENT_VARIABLE + ", if set.")
    Path secretFile;

    @Option(names = "--insecure", defaultValue = "false",
            description = "Let a cluster that is not loopback-only run without a secret (unencrypted).")
    boolean insecure;

    @Option(names = "--timeout", defaultValue = "30000",
            description = "Milliseconds to wait for a write's outcome or for catching up (default ${DEFAULT-VALUE}).")
    long timeoutMillis;

    @Option(names = "--retained-log-bytes", defaultValue = "67108864",
            description = "Bytes of applied commands kept for peers to catch up from (default ${DEFAULT-VALUE}).")
    long retainedLogBytes;

    @Option(names = "--http-port", defaultValue = "-1",
            description = "Port of the HTTP status endpoint (/status, /ready, /health); -1: none (default).")
    int httpPort;

    @Option(names = "--http-host", defaultValue = "0.0.0.0",
            description = "Address the HTTP endpoint listens on (default ${DEFAULT-VALUE}).")
    String httpHost;

    @Option(names = "--sql-port", defaultValue = "-1",
            description = "Port of H2's TCP server giving read-only access (jdbc:h2:tcp://HOST:PORT/replica) to the"
                    + " reader user; -1: none (default).")
    int sqlPort;

    @Option(names = "--sql-allow-others", defaultValue = "false",
            description = "Let other hosts connect to the SQL port (default: loopback only).")
    boolean sqlAllowOthers;

    @Option(names = "--reader-user", defaultValue = "reader",
            description = "The read-only user of the SQL port (default ${DEFAULT-VALUE}).")
    String readerUser;

    @Option(names = "--reader-password", description = "The read-only user's password.")
    String readerPassword;

    @Option(names = "--reader-password-file", paramLabel = "FILE",
            description = "File whose first line is the read-only user's password.")
    Path readerPasswordFile;

    @Option(names = "--stdin", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Read commands (status, quit) from standard input, and stop at its end (default)."
                    + " --no-stdin for a service or a container.")
    boolean stdin;

    @Override
    public Integer call() throws Exception {
        require(cluster, "--cluster");
        require(node, "--node");
        require(data, "--data");
        Files.createDirectories(data);
        Properties info = new Properties();
        info.setProperty("user", user);
        info.setProperty("password", passwordFile != null ? firstLine(passwordFile) : password);
        String url = "jdbc:h2:" + data.toAbsolutePath().resolve(node);
        ReplicaConfig replicaConfig = new ReplicaConfig(cluster, node, stack, bind, members, size, url, info,
                Duration.ofMillis(timeoutMillis), retainedLogBytes)
                .withSecurity(secretFile != null ? ClusterSecret.fromFile(secretFile) : ClusterSecret.fromEnvironment(),
                        insecure);
        Replica replica = Replica.start(replicaConfig);
        Services services = new Services(replica);
        Thread hook = new Thread(services::close, "abcast-node-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            if (httpPort >= 0) {
                services.http = StatusServer.start(replica, new InetSocketAddress(httpHost, httpPort));
            }
            if (sqlPort >= 0) {
                String readerSecret = readerPasswordFile != null ? firstLine(readerPasswordFile) : readerPassword;
                services.sql = ReadOnlyAccess.start(replica, readerUser, readerSecret, sqlPort, sqlAllowOthers);
            }
        } catch (Exception e) {
            services.close();
            throw e;
        }
        System.out.println("STARTED node=" + node + " cluster=" + cluster + " position=" + replica.appliedPosition()
                + (services.http == null ? "" : " http=" + services.http.address().getPort())
                + (services.sql == null ? "" : " sql=" + services.sql.port()));
        startReadyWatch(replica);
        if (stdin) {
            readCommands(replica);
            services.close();
        } else {
            services.closed.await(); // until SIGTERM: the hook closes the services
        }
        return 0;
    }

    private void startReadyWatch(Replica replica) {
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
    }

    private void readCommands(Replica replica) throws IOException, java.sql.SQLException {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
            line = line.trim();
            if (line.equals("status")) {
                ReplicaState state = replica.state();
                ReplicaStatus status = replica.status();
                System.out.println("STATUS node=" + node + " position=" + state.position() + " hash=" + state.hash()
                        + " digest=" + state.digest() + " lag=" + replica.metrics().lag()
                        + " members=" + String.join(",", status.members())
                        + " primary=" + status.primary() + (status.failure() == null ? "" : " failure=" + status.failure()));
            } else if (line.equals("quit")) {
                break;
            } else if (!line.isEmpty()) {
                System.out.println("ERROR unknown command '" + line + "' (status, quit)");
            }
        }
    }

    /** What runs around the replica; closed once, by whoever comes first (stdin's end, or the shutdown hook). */
    private final class Services {
        final Replica replica;
        final CountDownLatch closed = new CountDownLatch(1);
        volatile StatusServer http;
        volatile ReadOnlyAccess sql;
        private boolean closing;

        Services(Replica replica) {
            this.replica = replica;
        }

        void close() {
            synchronized (this) {
                if (closing) {
                    return;
                }
                closing = true;
            }
            try {
                if (sql != null) {
                    sql.close();
                }
                if (http != null) {
                    http.close();
                }
                replica.close();
                System.out.println("STOPPED node=" + node + " position=" + replica.appliedPosition());
                System.out.flush();
            } finally {
                closed.countDown();
            }
        }
    }

    private static void require(Object value, String option) {
        if (value == null) {
            throw new IllegalArgumentException("missing setting " + option + " (a flag, or "
                    + option.substring(2) + "= in the --config file)");
        }
    }

    private static String firstLine(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        return lines.isEmpty() ? "" : lines.get(0).strip();
    }

    /** Runs the node; the exit code is 0 after a clean stop, 2 for bad settings, 1 if it failed. */
    public static int run(String... args) {
        setLogDefaults();
        CommandLine commandLine = new CommandLine(new ReplicaNode());
        Path file = ConfigFile.named(args);
        if (file != null) {
            try {
                ConfigFile config = ConfigFile.read(file);
                commandLine.setDefaultValueProvider(config);
                config.check(commandLine);
            } catch (IOException e) {
                System.err.println("cannot read the configuration file " + file + ": " + e);
                return 2;
            } catch (CommandLine.ParameterException e) {
                System.err.println(e.getMessage());
                return 2;
            }
        }
        commandLine.setExecutionExceptionHandler((e, cl, parsed) -> {
            if (e instanceof IllegalArgumentException) {
                cl.getErr().println("abcast-node: " + e.getMessage());
                return 2;
            }
            if (e instanceof java.sql.SQLException sql) {
                cl.getErr().println("abcast-node: " + sql.getMessage() + " (SQLState " + sql.getSQLState() + ")");
                return 1;
            }
            cl.getErr().println("abcast-node: " + e);
            e.printStackTrace(cl.getErr());
            return 1;
        });
        return commandLine.execute(args);
    }

    /** Timestamps in the log, unless the logger is configured otherwise. */
    private static void setLogDefaults() {
        if (System.getProperty("org.slf4j.simpleLogger.showDateTime") == null) {
            System.setProperty("org.slf4j.simpleLogger.showDateTime", "true");
            System.setProperty("org.slf4j.simpleLogger.dateTimeFormat", "yyyy-MM-dd HH:mm:ss.SSS");
        }
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }
}
