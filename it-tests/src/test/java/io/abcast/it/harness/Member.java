package io.abcast.it.harness;

import io.abcast.it.app.Dump;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.output.OutputFrame;

import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * One member of the cluster in its container: an application node (the driver inside a service, running the
 * workload) or a standalone node. Both answer their status and state over HTTP; their rows are read through the
 * application's {@code /dump} or through the node's read-only SQL port.
 */
public final class Member {

    /** Which kind of container. */
    public enum Kind { APP, NODE }

    /** The view and position a member reports. */
    public record Status(String node, List<String> members, boolean primary, long position, String hash,
                         String failure) {
        public String sequencer() {
            return members.isEmpty() ? null : members.get(0);
        }
    }

    /** Position, running hash and data digest, from one snapshot. */
    public record State(long position, String hash, String digest) {
    }

    public static final String READER = "reader";
    public static final String READER_PASSWORD = "it-reader-secret";
    static final int HTTP_PORT = 8080;
    static final int SQL_PORT = 9092;
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final String name;
    private final Kind kind;
    private final String ip;
    private final GenericContainer<?> container;

    Member(String name, Kind kind, String ip, GenericContainer<?> container) {
        this.name = name;
        this.kind = kind;
        this.ip = ip;
        this.container = container;
    }

    public String name() {
        return name;
    }

    public Kind kind() {
        return kind;
    }

    public String ip() {
        return ip;
    }

    public GenericContainer<?> container() {
        return container;
    }

    public String containerId() {
        return container.getContainerId();
    }

    @Override
    public String toString() {
        return name + "(" + kind.name().toLowerCase() + " " + ip + ")";
    }

    private String url(String path) {
        return "http://" + ip + ":" + HTTP_PORT + path;
    }

    public Status status() throws IOException {
        if (kind == Kind.APP) {
            Map<String, String> w = Http.words(ok(Http.get(url("/status"), TIMEOUT)));
            return new Status(w.get("node"), split(w.get("members")), Boolean.parseBoolean(w.get("primary")),
                    Long.parseLong(w.get("position")), w.get("hash"), "-".equals(w.get("failure")) ? null
                    : w.get("failure"));
        }
        Map<String, String> j = Http.json(ok(Http.get(url("/status?digest=false"), TIMEOUT)));
        return new Status(j.get("node"), split(j.get("members")), Boolean.parseBoolean(j.get("primary")),
                Long.parseLong(j.get("position")), j.get("hash"), "null".equals(j.get("failure")) ? null
                : j.get("failure"));
    }

    public State state() throws IOException {
        if (kind == Kind.APP) {
            Map<String, String> w = Http.words(ok(Http.get(url("/state"), Duration.ofSeconds(30))));
            return new State(Long.parseLong(w.get("position")), w.get("hash"), w.get("digest"));
        }
        Map<String, String> j = Http.json(ok(Http.get(url("/status"), Duration.ofSeconds(30))));
        return new State(Long.parseLong(j.get("position")), j.get("hash"), j.get("digest"));
    }

    /** The workload's rows (see {@link Dump}). */
    public List<String> dump() throws IOException, SQLException {
        if (kind == Kind.APP) {
            String body = ok(Http.get(url("/dump"), Duration.ofSeconds(60)));
            return body.isEmpty() ? List.of() : Arrays.asList(body.split("\n"));
        }
        try (Connection conn = readOnlyConnection()) {
            return Dump.read(conn);
        }
    }

    /** A connection to a standalone node's read-only SQL port, as the reader user. */
    public Connection readOnlyConnection() throws SQLException {
        if (kind != Kind.NODE) {
            throw new IllegalStateException(name + " is no standalone node");
        }
        return DriverManager.getConnection("jdbc:h2:tcp://" + ip + ":" + SQL_PORT + "/replica", READER,
                READER_PASSWORD);
    }

    /** Application nodes: POST to the workload's control. */
    public String control(String action, Duration timeout) throws IOException {
        return ok(Http.post(url("/" + action), timeout));
    }

    /** The container's standard output so far, over every run of it (restarts included). */
    public String stdout() {
        return container.getLogs(OutputFrame.OutputType.STDOUT);
    }

    /** How many times it printed STARTED: once per run. */
    public int runs() {
        return (int) stdout().lines().filter(l -> l.startsWith("STARTED ")).count();
    }

    private String ok(Http.Response r) throws IOException {
        if (r.code() != 200) {
            throw new IOException(name + " answered " + r.code() + ": " + r.body());
        }
        return r.body();
    }

    private static List<String> split(String list) {
        return list == null || list.isBlank() ? List.of() : List.of(list.split(","));
    }
}
