package io.abcast.examples.cluster;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A replica child process seen from the demo that started it (a chat node, a scenario node): lines go to its stdin;
 * every line it prints on stdout is queued as an {@link Event}, and its end as an event with a null line. Its stderr
 * (the logs) goes to a file.
 *
 * <p>{@link #send} is called from the demo's thread only; {@link #kill} may be called from any thread, e.g. a
 * shutdown hook.
 */
public final class NodeProcess {

    /** A line from node {@code node}, or its end ({@code line == null}). */
    public record Event(int node, String line) {
    }

    private final int node;
    private final Process process;
    private final Path log;
    private final Writer stdin;

    private NodeProcess(int node, Process process, Path log) {
        this.node = node;
        this.process = process;
        this.log = log;
        this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
    }

    /** Starts the process and a daemon thread that queues its output lines. */
    public static NodeProcess start(int node, List<String> command, Path log, BlockingQueue<Event> events)
            throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.redirectError(ProcessBuilder.Redirect.to(log.toFile()));
        builder.redirectOutput(ProcessBuilder.Redirect.PIPE);
        builder.redirectInput(ProcessBuilder.Redirect.PIPE);
        NodeProcess child = new NodeProcess(node, builder.start(), log);
        Thread reader = new Thread(() -> child.pump(events), "node-reader-n" + node);
        reader.setDaemon(true);
        reader.start();
        return child;
    }

    private void pump(BlockingQueue<Event> events) {
        try (BufferedReader out = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                events.add(new Event(node, line));
            }
        } catch (IOException e) {
            events.add(new Event(node, "FAILED reading the output of n" + node + ": " + e));
        }
        events.add(new Event(node, null));
    }

    public int node() {
        return node;
    }

    public long pid() {
        return process.pid();
    }

    public Path log() {
        return log;
    }

    public void send(String line) throws IOException {
        stdin.write(line + "\n");
        stdin.flush();
    }

    /** The exit code, once it has exited, or null while it runs. */
    public Integer exitCode() {
        return process.isAlive() ? null : process.exitValue();
    }

    /** Asks the process to exit, closing its replica cleanly (see {@link #awaitExit}). */
    public void requestExit() {
        if (process.isAlive()) {
            try {
                send("EXIT");
                stdin.close();
            } catch (IOException ignored) {
                // its stdin is closed: it is on its way out already
            }
        }
    }

    /**
     * Waits until the process has exited, ending it (see {@link #kill}) if it is still there at the deadline.
     *
     * @return its exit code
     */
    public int awaitExit(long deadlineNanos) throws InterruptedException {
        if (!process.waitFor(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS)) {
            System.err.println("n" + node + " did not exit when asked; ending it");
            kill();
        }
        return process.waitFor();
    }

    /**
     * Ends the process without asking: a TERM signal, so that its replica closes in its shutdown hook, then KILL if
     * it is still there after a few seconds.
     */
    public void kill() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** The last lines of its log, to explain a failure. */
    public String logTail(int lines) {
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e + ")";
        }
    }
}
