package io.abcast.it.app;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.abcast.jdbc.ReplicatedConnection;
import io.abcast.replicator.ReplicaState;
import io.abcast.replicator.ReplicaStatus;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;

/**
 * An application node, as a user would run one: a service that opens its database through a {@code jdbc:abcast:} URL
 * (so it is a replica of the cluster) and writes to it, here bank transfers and chat messages from a few client
 * threads ({@link Workload}), each operation recorded in the {@link OpLog}. Driven over HTTP by the tests, plain
 * text answers:
 * <pre>
 *   GET  /status   node= members= primary= position= hash=
 *   GET  /state    position= hash= digest=            (one snapshot)
 *   GET  /dump     the tables, see {@link Dump}
 *   POST /setup    creates the tables and accounts (once for the cluster)
 *   POST /start    starts the clients           POST /stop   stops them, answers their counts
 * </pre>
 * Prints {@code STARTED} once its replica joined the cluster, {@code READY} once the view holds every member.
 */
@Command(name = "abcast-it-app", mixinStandardHelpOptions = true, description = "An application node for the tests.")
public final class AppNode implements Callable<Integer> {

    @Option(names = "--node", required = true)
    String node;
    @Option(names = "--cluster", required = true)
    String cluster;
    @Option(names = "--data", defaultValue = "/data")
    String data;
    @Option(names = "--size", required = true)
    int size;
    @Option(names = "--bind", required = true)
    String bind;
    @Option(names = "--members", required = true)
    String members;
    @Option(names = "--stack", defaultValue = "tcp")
    String stack;
    @Option(names = "--timeout", defaultValue = "5000", description = "abcast.timeout in ms.")
    long timeout;
    @Option(names = "--insecure", defaultValue = "false", arity = "1",
            description = "abcast.insecure: run without a cluster secret (ABCAST_SECRET).")
    boolean insecure;
    @Option(names = "--http-port", defaultValue = "8080")
    int httpPort;
    @Option(names = "--bank-clients", defaultValue = "2")
    int bankClients;
    @Option(names = "--chat-clients", defaultValue = "1")
    int chatClients;
    @Option(names = "--pause-ms", defaultValue = "20", description = "Pause between a client's operations.")
    long pauseMillis;

    private String url;
    private Connection monitor;
    private Workload workload;

    @Override
    public Integer call() throws Exception {
        url = "jdbc:abcast:h2:" + data + "/" + node + ";abcast.cluster=" + cluster + ";abcast.node=" + node
                + ";abcast.size=" + size + ";abcast.bind=" + bind + ";abcast.members=" + members
                + ";abcast.stack=" + stack + ";abcast.timeout=" + timeout + (insecure ? ";abcast.insecure=true" : "");
        monitor = open();
        ReplicatedConnection replicated = monitor.unwrap(ReplicatedConnection.class);
        String incarnation = Long.toString(System.currentTimeMillis(), 36);
        List<Workload.Client> clients = new ArrayList<>();
        for (int i = 0; i < bankClients; i++) {
            clients.add(new Bank.Client(System.nanoTime() + i));
        }
        for (int i = 0; i < chatClients; i++) {
            clients.add(new Chat.Client(node + "." + incarnation + ".a" + i, System.nanoTime() + 100 + i));
        }
        // bank clients first, then chat: ids read node.incarnation.b0.17, node.incarnation.c2.5
        workload = new Workload(this::open, node + "." + incarnation, clients, pauseMillis);
        HttpServer http = HttpServer.create(new InetSocketAddress(httpPort), 16);
        http.setExecutor(Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "app-http");
            t.setDaemon(true);
            return t;
        }));
        http.createContext("/status", e -> answer(e, this::status));
        http.createContext("/state", e -> answer(e, this::state));
        http.createContext("/dump", e -> answer(e, this::dump));
        http.createContext("/setup", e -> answer(e, this::setUp));
        http.createContext("/start", e -> answer(e, this::start));
        http.createContext("/stop", e -> answer(e, this::stop));
        http.start();
        OpLog.line("STARTED node=" + node + " incarnation=" + incarnation + " position="
                + replicated.replicaStatus().position());
        Thread ready = new Thread(() -> {
            try {
                if (replicated.awaitMembers(size, Duration.ofDays(1))) {
                    OpLog.line("READY node=" + node + " members=" + replicated.replicaStatus().members());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "app-ready");
        ready.setDaemon(true);
        ready.start();
        new CountDownLatch(1).await(); // until the container stops
        return 0;
    }

    private Connection open() throws SQLException {
        return DriverManager.getConnection(url, "sa", "");
    }

    private interface Handler {
        String handle() throws Exception;
    }

    private static void answer(HttpExchange exchange, Handler handler) throws IOException {
        try (exchange) {
            int code = 200;
            String body;
            try {
                body = handler.handle();
            } catch (Exception e) {
                code = 500;
                body = "error " + e;
            }
            byte[] bytes = (body + "\n").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
            exchange.sendResponseHeaders(code, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    private String status() throws SQLException {
        ReplicaStatus s = monitor.unwrap(ReplicatedConnection.class).replicaStatus();
        return "node=" + s.node() + " members=" + String.join(",", s.members()) + " primary=" + s.primary()
                + " position=" + s.position() + " hash=" + s.hash() + " failure=" + OpLog.oneLine(s.failure());
    }

    private String state() throws SQLException {
        ReplicaState s = monitor.unwrap(ReplicatedConnection.class).replicaState();
        return "position=" + s.position() + " hash=" + s.hash() + " digest=" + s.digest();
    }

    private String dump() throws SQLException {
        try (Connection conn = open()) {
            return String.join("\n", Dump.read(conn));
        }
    }

    private String setUp() throws SQLException {
        try (Connection conn = open()) {
            Bank.setUp(conn);
            Chat.setUp(conn);
        }
        return "ok";
    }

    private String start() {
        workload.start();
        return "started";
    }

    private String stop() throws InterruptedException {
        Map<String, Long> counts = workload.stop(timeout + 10_000);
        StringBuilder out = new StringBuilder();
        counts.forEach((k, v) -> out.append(out.length() == 0 ? "" : " ").append(k).append('=').append(v));
        return out.toString();
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new AppNode()).execute(args));
    }
}
