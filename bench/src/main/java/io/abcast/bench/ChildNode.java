package io.abcast.bench;

import io.abcast.replicator.ReplicaNode;
import io.abcast.replicator.ReplicaState;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A replica in a child JVM: {@link ReplicaNode} started with this JVM's own {@code java} binary and class path. Its
 * standard output is read line by line ({@code READY}, {@code STATUS ...}); its standard error (the log) goes to a
 * file. {@link #close} asks it to quit and destroys it if it does not.
 */
final class ChildNode implements AutoCloseable {

    private final String node;
    private final Process process;
    private final Writer stdin;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final Thread shutdownHook;

    private ChildNode(String node, Process process) {
        this.node = node;
        this.process = process;
        this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        Thread reader = new Thread(this::readOutput, "bench-child-" + node);
        reader.setDaemon(true);
        reader.start();
        // Should this JVM be stopped (Ctrl-C), do not leave the child behind.
        this.shutdownHook = new Thread(process::destroyForcibly, "bench-child-kill-" + node);
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /**
     * Starts {@code ReplicaNode} with these arguments.
     *
     * @param log where its standard error goes
     */
    static ChildNode start(String node, List<String> nodeArgs, Path log) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Djava.net.preferIPv4Stack=true");
        command.add("-Xmx512m");
        command.add("-Dorg.slf4j.simpleLogger.showDateTime=true");
        command.add("-Dorg.slf4j.simpleLogger.dateTimeFormat=HH:mm:ss.SSS");
        // Log levels given to this JVM per logger (-Dorg.slf4j.simpleLogger.log.NAME=LEVEL) apply to the child too.
        for (String key : System.getProperties().stringPropertyNames()) {
            if (key.startsWith("org.slf4j.simpleLogger.log.")) {
                command.add("-D" + key + "=" + System.getProperty(key));
            }
        }
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(ReplicaNode.class.getName());
        command.addAll(nodeArgs);
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()));
        return new ChildNode(node, pb.start());
    }

    private void readOutput() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                lines.add(line);
            }
        } catch (IOException e) {
            lines.add("EOF " + e);
        }
    }

    String node() {
        return node;
    }

    /** Waits for the {@code READY} line: the child's view holds every configured member. */
    void awaitReady(Duration timeout) throws IOException, InterruptedException {
        String line = awaitLine("READY", timeout);
        if (line == null) {
            throw new IOException(node + " printed no READY within " + timeout.toSeconds() + " s" + exitInfo());
        }
    }

    /** Asks for {@code status} and parses the answer into a state. */
    ReplicaState state(Duration timeout) throws IOException, InterruptedException {
        Map<String, String> status = status(timeout);
        return new ReplicaState(Long.parseLong(status.get("position")), status.get("hash"), status.get("digest"));
    }

    /** Asks for {@code status}; the answer's {@code key=value} fields. */
    Map<String, String> status(Duration timeout) throws IOException, InterruptedException {
        stdin.write("status\n");
        stdin.flush();
        String line = awaitLine("STATUS", timeout);
        if (line == null) {
            throw new IOException(node + " did not answer status within " + timeout.toSeconds() + " s" + exitInfo());
        }
        Map<String, String> fields = new HashMap<>();
        for (String token : line.split(" ")) {
            int eq = token.indexOf('=');
            if (eq > 0) {
                fields.put(token.substring(0, eq), token.substring(eq + 1));
            }
        }
        if (fields.containsKey("failure")) {
            throw new IOException(node + " reports a failure: " + line);
        }
        return fields;
    }

    /** The next line starting with {@code prefix}, skipping others; null if none came in time. */
    private String awaitLine(String prefix, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            String line = left <= 0 ? null : lines.poll(left, TimeUnit.NANOSECONDS);
            if (line == null) {
                return null;
            }
            if (line.startsWith(prefix)) {
                return line;
            }
            if (!line.isBlank()) {
                System.err.println(node + ": " + line);
            }
        }
    }

    /** The process id, for {@code jstack}. */
    long pid() {
        return process.pid();
    }

    /** Kills the process at once ({@code kill -9}: SIGKILL), as a crash of its machine's process would. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    /**
     * Freezes the process ({@code kill -STOP}): it stays connected but answers nothing, like a hung process or an
     * unreachable machine whose sockets stay open. {@link #kill} ends it.
     */
    void freeze() throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-STOP", Long.toString(process.pid())).inheritIO().start();
        if (kill.waitFor() != 0) {
            throw new IOException("kill -STOP " + process.pid() + " exited with " + kill.exitValue());
        }
    }

    private String exitInfo() {
        return process.isAlive() ? "" : " (it exited with code " + process.exitValue() + ")";
    }

    /** Asks the child to quit; destroys it if it has not exited within a few seconds. */
    @Override
    public void close() {
        try {
            try {
                stdin.write("quit\n");
                stdin.close();
            } catch (IOException e) {
                // it has gone already, or its input is closed; destroyed below if still alive
                process.destroy();
            }
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                System.err.println(node + " did not quit within 15 s; destroying it");
                process.destroy();
                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException ignored) {
                // the JVM is shutting down: the hook runs anyway
            }
        }
    }
}
