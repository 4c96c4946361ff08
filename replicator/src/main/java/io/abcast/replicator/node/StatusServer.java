package io.abcast.replicator.node;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.abcast.replicator.Replica;
import io.abcast.replicator.ReplicaConfig;
import io.abcast.replicator.ReplicaState;
import io.abcast.replicator.ReplicaStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The node's status over HTTP (the JDK's own server), read-only, GET only:
 * <ul>
 *   <li>{@code /status}: the view (members, the sequencer first), whether it is the primary component, the applied
 *       position, running hash and data digest read from one snapshot ({@code ?digest=false} skips the digest, which
 *       reads every row), the lag (positions behind the furthest member this node has heard from), and the failure
 *       that stopped the replica if any. Always 200 while the node runs.</li>
 *   <li>{@code /ready}: 200 when the node is in a primary component (accepts writes), else 503.</li>
 *   <li>{@code /health}: 200 while the replica applies, 503 once it stopped on a failure.</li>
 * </ul>
 */
public final class StatusServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(StatusServer.class);

    private final Replica replica;
    private final ReplicaConfig config;
    private final HttpServer server;
    private final ExecutorService executor;

    private StatusServer(Replica replica, InetSocketAddress address) throws IOException {
        this.replica = replica;
        this.config = replica.config();
        this.server = HttpServer.create(address, 16);
        this.executor = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "abcast-node-http");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/status", e -> handle(e, this::status));
        server.createContext("/ready", e -> handle(e, this::ready));
        server.createContext("/health", e -> handle(e, this::health));
        server.createContext("/", e -> handle(e, x -> new Response(404,
                new Json().put("error", "not found; try /status, /ready, /health"))));
    }

    /** Starts serving on the address (port 0: any free port). */
    public static StatusServer start(Replica replica, InetSocketAddress address) throws IOException {
        StatusServer s = new StatusServer(replica, address);
        s.server.start();
        LOG.info("{}: status over HTTP on {}", replica.node(), s.address());
        return s;
    }

    /** Where it listens. */
    public InetSocketAddress address() {
        return server.getAddress();
    }

    private record Response(int code, Json body) {
    }

    private interface Handler {
        Response handle(HttpExchange exchange) throws Exception;
    }

    private static void handle(HttpExchange exchange, Handler handler) throws IOException {
        try (exchange) {
            Response response;
            if (!exchange.getRequestMethod().equals("GET") && !exchange.getRequestMethod().equals("HEAD")) {
                response = new Response(405, new Json().put("error", "only GET"));
            } else {
                try {
                    response = handler.handle(exchange);
                } catch (Exception e) {
                    response = new Response(500, new Json().put("error", e.toString()));
                }
            }
            byte[] body = (response.body() + "\n").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
            exchange.getResponseHeaders().set("Cache-Control", "no-store");
            boolean head = exchange.getRequestMethod().equals("HEAD");
            exchange.sendResponseHeaders(response.code(), head ? -1 : body.length);
            if (!head) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
        }
    }

    private Response status(HttpExchange exchange) throws SQLException {
        String query = exchange.getRequestURI().getQuery();
        boolean digest = query == null || !query.contains("digest=false");
        return new Response(200, statusJson(digest));
    }

    private Response ready(HttpExchange exchange) {
        ReplicaStatus s = replica.status();
        boolean ready = s.primary() && s.failure() == null;
        return new Response(ready ? 200 : 503, new Json().put("node", s.node()).put("ready", ready)
                .put("primary", s.primary()).put("members", s.members()));
    }

    private Response health(HttpExchange exchange) {
        ReplicaStatus s = replica.status();
        return new Response(s.failure() == null ? 200 : 503, new Json().put("node", s.node())
                .put("healthy", s.failure() == null).put("failure", s.failure()));
    }

    /** The status as JSON; with the digest, position, hash and digest come from one snapshot of the database. */
    Json statusJson(boolean withDigest) throws SQLException {
        ReplicaStatus s = replica.status();
        long position = s.position();
        String hash = s.hash();
        String digest = null;
        if (withDigest && s.failure() == null) {
            ReplicaState state = replica.state();
            position = state.position();
            hash = state.hash();
            digest = state.digest();
        }
        List<String> members = s.members();
        return new Json()
                .put("node", s.node())
                .put("cluster", config.cluster())
                .put("size", config.clusterSize())
                .put("quorum", config.quorum())
                .put("members", members)
                .put("sequencer", members.isEmpty() ? null : members.get(0))
                .put("primary", s.primary())
                .put("position", position)
                .put("lag", replica.metrics().lag())
                .put("hash", hash)
                .put("digest", digest)
                .put("failure", s.failure());
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
