package io.abcast.it.harness;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.ContainerNetwork;
import com.github.dockerjava.api.model.Frame;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.images.builder.Transferable;
import org.testcontainers.utility.MountableFile;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.awaitility.Awaitility.await;

/**
 * A cluster in containers on a private network of its own: application nodes (the driver in a service, running the
 * workload) and standalone nodes, started one after the other in the order given (so the first is the coordinator,
 * hence the sequencer), and the faults the tests inject: kill and restart, pause, disconnect, partition.
 *
 * <h2>Configuration in one place</h2>
 * {@link #environment()} is given to every container: the JVM options, and the cluster secret in
 * {@code ABCAST_SECRET}, which both the driver and the node read.
 *
 * <h2>Evidence</h2>
 * {@link #close} writes every container's log (all its runs, with timestamps) to {@code target/it-logs/TEST/}; on a
 * failure inside {@link #check}, every running JVM prints a thread dump into its log first.
 */
public final class Cluster implements AutoCloseable {

    public static final String NAME = "it";
    /**
     * Whether the cluster runs with a secret (the default, as in production); -Dabcast.it.secret=false runs it
     * unencrypted instead (abcast.insecure=true), to tell a problem of the secret's layer from others.
     */
    static final boolean SECURE = !"false".equals(System.getProperty("abcast.it.secret"));
    /** abcast.timeout of the application nodes and of the standalone nodes, in ms. */
    public static final int TIMEOUT_MILLIS = 5000;
    private static final String STACK = "/etc/abcast/stack.xml";
    /** The standalone nodes' own H2 user's password: never given to the tests' clients. */
    private static final String ADMIN_PASSWORD = UUID.randomUUID().toString();
    /** The stack file, from io/abcast/it/ (-Dabcast.it.stack=stack-tcp.xml: the blocking transport, see there). */
    private static final String STACK_RESOURCE = "io/abcast/it/" + System.getProperty("abcast.it.stack", "stack.xml");

    /** A member to start: its name and kind. */
    public record Spec(String name, Member.Kind kind) {
        public static Spec app(String name) {
            return new Spec(name, Member.Kind.APP);
        }

        public static Spec node(String name) {
            return new Spec(name, Member.Kind.NODE);
        }
    }

    private final String test;
    private final Path logDir;
    private final DockerClient docker;
    private final ItNetwork network;
    private final Map<String, String> environment;
    private final List<Member> members = new ArrayList<>();
    private final Set<Member> paused = new HashSet<>();
    private final Set<Member> partitioned = new HashSet<>();

    private Cluster(String test, List<Spec> specs) {
        this.test = test;
        this.logDir = Path.of(System.getProperty("abcast.it.logs", "target/it-logs")).resolve(test);
        this.docker = Docker.client();
        String run = Long.toString(System.currentTimeMillis() % 1_000_000, 36);
        this.network = ItNetwork.create(run);
        Map<String, String> env = new LinkedHashMap<>();
        env.put("JAVA_TOOL_OPTIONS", "-Xmx256m -Xss512k -XX:+UseSerialGC -XX:TieredStopAtLevel=1");
        if (SECURE) {
            env.put("ABCAST_SECRET", "it-" + UUID.randomUUID()); // read by the driver and by the node
        }
        this.environment = Map.copyOf(env);
        List<String> addresses = new ArrayList<>();
        for (int i = 0; i < specs.size(); i++) {
            addresses.add(network.ip(11 + i) + ":7800");
        }
        for (int i = 0; i < specs.size(); i++) {
            Spec spec = specs.get(i);
            String ip = network.ip(11 + i);
            GenericContainer<?> c = spec.kind() == Member.Kind.APP
                    ? app(spec.name(), ip, specs.size(), addresses) : node(spec.name(), ip, specs.size(), addresses);
            members.add(new Member(spec.name(), spec.kind(), ip, c));
        }
    }

    /** Starts the members one after the other, then waits until every one sees all of them. */
    public static Cluster start(String test, Spec... specs) {
        Cluster cluster = new Cluster(test, List.of(specs));
        try {
            for (Member m : cluster.members) {
                m.container().start();
            }
            cluster.awaitFullView(Duration.ofSeconds(90));
            return cluster;
        } catch (RuntimeException | Error e) {
            cluster.evidence();
            cluster.close();
            throw e;
        }
    }

    /** What every container gets in its environment. */
    public Map<String, String> environment() {
        return environment;
    }

    private GenericContainer<?> base(String image, String name, String ip) {
        GenericContainer<?> c = new GenericContainer<>(image);
        c.withNetworkMode(network.name())
                .withEnv(environment)
                .withLabels(Docker.labels())
                .withCopyToContainer(MountableFile.forClasspathResource(STACK_RESOURCE), STACK)
                .withCreateContainerCmdModifier(cmd -> cmd.withName(network.name() + "-" + name).withHostName(name)
                        .withIpv4Address(ip))
                .waitingFor(Wait.forLogMessage("STARTED node=.*\\n", 1).withStartupTimeout(Duration.ofSeconds(120)));
        return c;
    }

    private GenericContainer<?> app(String name, String ip, int size, List<String> addresses) {
        return base(Images.app(), name, ip).withCommand("--node", name, "--cluster", NAME, "--data", "/data",
                "--size", Integer.toString(size), "--bind", ip + ":7800", "--members", String.join(",", addresses),
                "--stack", STACK, "--timeout", Integer.toString(TIMEOUT_MILLIS), "--http-port",
                Integer.toString(Member.HTTP_PORT), "--insecure=" + !SECURE);
    }

    /** A standalone node, configured by a properties file (flags would do as well). */
    private GenericContainer<?> node(String name, String ip, int size, List<String> addresses) {
        String properties = String.join("\n",
                "cluster=" + NAME,
                "node=" + name,
                "data=/data",
                "size=" + size,
                "bind=" + ip + ":7800",
                "members=" + String.join(",", addresses),
                "stack=" + STACK,
                "timeout=" + TIMEOUT_MILLIS,
                "http-port=" + Member.HTTP_PORT,
                "sql-port=" + Member.SQL_PORT,
                "sql-allow-others=true",
                "reader-user=" + Member.READER,
                "password-file=/etc/abcast/admin-password",
                "reader-password-file=/etc/abcast/reader-password",
                "insecure=" + !SECURE,
                "");
        return base(Images.node(), name, ip)
                .withCopyToContainer(Transferable.of(properties), "/etc/abcast/node.properties")
                .withCopyToContainer(Transferable.of(Member.READER_PASSWORD + "\n"), "/etc/abcast/reader-password")
                .withCopyToContainer(Transferable.of(ADMIN_PASSWORD + "\n"), "/etc/abcast/admin-password")
                .withCommand("--config", "/etc/abcast/node.properties");
    }

    public String test() {
        return test;
    }

    public int size() {
        return members.size();
    }

    public List<Member> members() {
        return List.copyOf(members);
    }

    public List<Member> apps() {
        return members.stream().filter(m -> m.kind() == Member.Kind.APP).toList();
    }

    public Member get(String name) {
        return members.stream().filter(m -> m.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no member " + name));
    }

    // ---- the workload -------------------------------------------------------------------------------------------

    /** Creates the tables (through the first application node), starts every application's clients. */
    public void startWorkload() throws IOException {
        apps().get(0).control("setup", Duration.ofSeconds(30));
        for (Member app : apps()) {
            app.control("start", Duration.ofSeconds(10));
        }
    }

    /** Stops every application's clients (after their current operation); their counts. */
    public Map<String, String> stopWorkload() throws IOException {
        Map<String, String> counts = new LinkedHashMap<>();
        for (Member app : apps()) {
            counts.put(app.name(), app.control("stop", Duration.ofSeconds(TIMEOUT_MILLIS / 1000 + 40)));
        }
        return counts;
    }

    /** How many operations the application acknowledged so far (over all its runs). */
    public static long acks(Member app) {
        return app.stdout().lines().filter(l -> l.startsWith("OP ACK ")).count();
    }

    /** Waits until the application acknowledged {@code more} operations beyond what it had. */
    public void awaitMoreAcks(Member app, long more, Duration timeout) {
        long base = acks(app);
        await("acknowledged writes on " + app.name()).atMost(timeout).pollInterval(Duration.ofMillis(500))
                .until(() -> acks(app) >= base + more);
    }

    // ---- views and positions ------------------------------------------------------------------------------------

    /** The member's status, or null while it does not answer. */
    public static Member.Status statusOrNull(Member m) {
        try {
            return m.status();
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** Waits until every member is in one primary view of all members. */
    public void awaitFullView(Duration timeout) {
        try {
            awaitOneView(timeout);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("the members did not come to one primary view of all " + size() + " within "
                    + timeout.toSeconds() + " s: " + describe(), e);
        }
    }

    private void awaitOneView(Duration timeout) {
        await("every member in one primary view of all " + size()).atMost(timeout).pollInterval(Duration.ofMillis(500))
                .until(() -> {
                    Set<Set<String>> views = new HashSet<>();
                    for (Member m : members) {
                        Member.Status s = statusOrNull(m);
                        if (s == null || !s.primary() || s.members().size() != size() || s.failure() != null) {
                            return false;
                        }
                        views.add(Set.copyOf(s.members()));
                    }
                    return views.size() == 1;
                });
    }

    /** The sequencer (the coordinator of the primary view), as the given member sees it. */
    public Member sequencer(Member asSeenBy) throws IOException {
        return get(asSeenBy.status().sequencer());
    }

    /** Waits until the member reports the predicate on its status. */
    public void awaitStatus(Member m, String what, java.util.function.Predicate<Member.Status> predicate,
                            Duration timeout) {
        await(m.name() + ": " + what).atMost(timeout).pollInterval(Duration.ofMillis(300))
                .until(() -> {
                    Member.Status s = statusOrNull(m);
                    return s != null && predicate.test(s);
                });
    }

    /** Waits until every member reports the same position twice in a row, a second apart. */
    public void awaitQuiet(Duration timeout) {
        Map<Member, Long> last = new HashMap<>();
        try {
            awaitSamePosition(timeout, last);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("the members did not come to one position within " + timeout.toSeconds()
                    + " s after the workload stopped: " + describe(), e);
        }
    }

    /** Every member's status, or why it has none, for messages. */
    public String describe() {
        StringBuilder out = new StringBuilder();
        for (Member m : members) {
            try {
                out.append("\n  ").append(m.name()).append(": ").append(m.status());
            } catch (IOException | RuntimeException e) {
                out.append("\n  ").append(m.name()).append(": no status (").append(e).append(')');
            }
        }
        return out.toString();
    }

    private void awaitSamePosition(Duration timeout, Map<Member, Long> last) {
        await("every member at the same position, and still").atMost(timeout).pollInterval(Duration.ofSeconds(1))
                .until(() -> {
                    Map<Member, Long> now = new HashMap<>();
                    for (Member m : members) {
                        Member.Status s = statusOrNull(m);
                        if (s == null) {
                            return false;
                        }
                        now.put(m, s.position());
                    }
                    boolean still = now.equals(last) && now.values().stream().distinct().count() == 1;
                    last.clear();
                    last.putAll(now);
                    return still;
                });
    }

    // ---- faults ---------------------------------------------------------------------------------------------------

    /** SIGKILL: the JVM dies at once, its files stay in the container. */
    public void kill(Member m) {
        note(m, "kill");
        docker.killContainerCmd(m.containerId()).exec();
    }

    /** Starts a killed or stopped member again (same container, same files, same address); waits for STARTED. */
    public void restart(Member m, Duration timeout) {
        int runs = m.runs();
        note(m, "restart");
        docker.startContainerCmd(m.containerId()).exec();
        await(m.name() + " started again").atMost(timeout).pollInterval(Duration.ofMillis(500))
                .until(() -> m.runs() > runs);
    }

    /** docker stop: SIGTERM, then SIGKILL after the grace period. */
    public void stop(Member m, int graceSeconds) {
        note(m, "stop");
        docker.stopContainerCmd(m.containerId()).withTimeout(graceSeconds).exec();
    }

    /** docker pause (the cgroup freezer); tried again if the freezer could not freeze every thread at once. */
    public void pause(Member m) throws InterruptedException {
        note(m, "pause");
        // runc thaws it again when a busy JVM does not freeze in runc's time: try until the freezer takes it.
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
                .pollInterval(java.time.Duration.ofMillis(200))
                .ignoreExceptionsMatching(e -> String.valueOf(e.getMessage()).contains("unable to freeze"))
                .until(() -> {
                    docker.pauseContainerCmd(m.containerId()).exec();
                    return true;
                });
        paused.add(m);
    }

    public void unpause(Member m) {
        note(m, "unpause");
        docker.unpauseContainerCmd(m.containerId()).exec();
        paused.remove(m);
    }

    /** Takes the member off the network: it can reach no one, no one can reach it. */
    public void disconnect(Member m) {
        note(m, "disconnect");
        docker.disconnectFromNetworkCmd().withNetworkId(network.id()).withContainerId(m.containerId())
                .withForce(true).exec();
    }

    /** Puts the member back on the network with the address it had. */
    public void reconnect(Member m) {
        note(m, "reconnect");
        docker.connectToNetworkCmd().withNetworkId(network.id()).withContainerId(m.containerId())
                .withContainerNetwork(new ContainerNetwork().withIpamConfig(new ContainerNetwork.Ipam()
                        .withIpv4Address(m.ip())).withAliases(m.name())).exec();
    }

    /**
     * Cuts the network between {@code side} and the other members, both ways (iptables in each container's network
     * namespace, through nsenter); the test JVM still reaches every member.
     */
    public void partition(Set<Member> side) {
        for (Member m : members) {
            boolean in = side.contains(m);
            for (Member other : members) {
                if (side.contains(other) != in) {
                    iptables(m, "-A", "INPUT", "-s", other.ip(), "-j", "DROP");
                    iptables(m, "-A", "OUTPUT", "-d", other.ip(), "-j", "DROP");
                }
            }
            partitioned.add(m);
            note(m, in ? "partition:minority-side" : "partition:other-side");
        }
    }

    /** Undoes {@link #partition}. */
    public void heal() {
        for (Member m : partitioned) {
            iptables(m, "-F", "INPUT");
            iptables(m, "-F", "OUTPUT");
            note(m, "heal");
        }
        partitioned.clear();
    }

    private void iptables(Member m, String... rule) {
        Long pid = docker.inspectContainerCmd(m.containerId()).exec().getState().getPidLong();
        List<String> command = new ArrayList<>(List.of("nsenter", "-t", Long.toString(pid), "-n", "iptables", "-w"));
        command.addAll(List.of(rule));
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new AssertionError("partitioning needs root, nsenter and iptables on the Docker host: "
                        + String.join(" ", command) + " failed: " + out);
            }
        } catch (IOException e) {
            throw new AssertionError("partitioning needs nsenter and iptables on the Docker host: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private void note(Member m, String what) {
        System.out.printf("[%s] %tT.%<tL %s %s%n", test, System.currentTimeMillis(), what, m);
    }

    // ---- evidence and clean-up ------------------------------------------------------------------------------------

    /**
     * Runs the check; if it fails, asks every running member for a thread dump (SIGQUIT: the JVM prints it to its
     * log) before the failure propagates.
     */
    public void check(ThrowingRunnable body) throws Exception {
        try {
            body.run();
        } catch (Exception | Error e) {
            evidence();
            throw e;
        }
    }

    /** A test step that may throw. */
    public interface ThrowingRunnable {
        void run() throws Exception;
    }

    private void evidence() {
        List<Member> dumping = new ArrayList<>();
        for (Member m : members) {
            try {
                if (paused.contains(m)) {
                    unpause(m);
                }
                if (Boolean.TRUE.equals(docker.inspectContainerCmd(m.containerId()).exec().getState().getRunning())) {
                    docker.killContainerCmd(m.containerId()).withSignal("QUIT").exec();
                    dumping.add(m);
                }
            } catch (RuntimeException e) {
                System.err.println("no thread dump of " + m + ": " + e);
            }
        }
        for (Member m : dumping) {
            try {
                org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5))
                        .pollInterval(java.time.Duration.ofMillis(200))
                        .until(() -> containerLog(m).contains("Full thread dump"));
            } catch (org.awaitility.core.ConditionTimeoutException e) {
                System.err.println("no thread dump of " + m + " in its log within 5 s");
            }
        }
    }

    /** Everything the container printed (all its runs, stdout and stderr, with timestamps). */
    private String containerLog(Member m) throws InterruptedException {
        StringBuilder log = new StringBuilder();
        docker.logContainerCmd(m.containerId()).withStdOut(true).withStdErr(true).withTimestamps(true)
                .exec(new ResultCallback.Adapter<Frame>() {
                    @Override
                    public void onNext(Frame frame) {
                        log.append(new String(frame.getPayload(), StandardCharsets.UTF_8));
                    }
                }).awaitCompletion(30, TimeUnit.SECONDS);
        return log.toString();
    }

    /** Writes every container's log (all its runs, stdout and stderr, with timestamps) to the test's log folder. */
    public void saveLogs() {
        try {
            Files.createDirectories(logDir);
            for (Member m : members) {
                if (m.containerId() == null) {
                    continue;
                }
                Files.writeString(logDir.resolve(m.name() + ".log"), containerLog(m));
            }
            System.out.println("[" + test + "] container logs in " + logDir.toAbsolutePath());
        } catch (IOException | RuntimeException e) {
            System.err.println("could not save the logs of " + test + ": " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Writes a file of the test's own to its log folder. */
    public void saveReport(String file, String content) {
        try {
            Files.createDirectories(logDir);
            Files.writeString(logDir.resolve(file), content);
        } catch (IOException e) {
            System.err.println("could not save " + file + ": " + e);
        }
    }

    @Override
    public void close() {
        for (Member m : Set.copyOf(paused)) {
            try {
                unpause(m);
            } catch (RuntimeException e) {
                System.err.println("could not unpause " + m + ": " + e);
            }
        }
        saveLogs();
        for (Member m : members) {
            try {
                m.container().stop();
            } catch (RuntimeException e) {
                System.err.println("could not remove " + m + ": " + e);
            }
        }
        network.close();
    }

    /** Member names, for messages. */
    public static String names(Set<Member> set) {
        return set.stream().map(Member::name).sorted().collect(Collectors.joining(","));
    }
}
