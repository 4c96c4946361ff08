package io.abcast.examples.faults;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One start of a {@link FaultNode} process, seen from the test: lines go to its stdin; its writers' lines go to the
 * {@link WriteLedger} as they come, every other line it prints is kept for {@link #expect}. Its stderr (the logs)
 * goes to a file. A restarted node is a new instance with a new {@link #tag}.
 */
final class ReplicaProcess {

    private static final String END = "\u0000end";

    private final String node;
    private final String tag;
    private final Process process;
    private final Path log;
    private final Writer stdin;
    private final BlockingQueue<String> replies = new LinkedBlockingQueue<>();
    private final Thread reader;
    private volatile boolean killed;

    private ReplicaProcess(String node, String tag, Process process, Path log, WriteLedger ledger) {
        this.node = node;
        this.tag = tag;
        this.process = process;
        this.log = log;
        this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        this.reader = new Thread(() -> pump(ledger), "output-" + tag);
        reader.setDaemon(true);
    }

    /** Starts the process, and a thread that reads its output. */
    static ReplicaProcess start(String node, String tag, List<String> command, Path log, WriteLedger ledger)
            throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.redirectError(ProcessBuilder.Redirect.to(log.toFile()));
        ReplicaProcess p = new ReplicaProcess(node, tag, builder.start(), log, ledger);
        p.reader.start();
        return p;
    }

    private void pump(WriteLedger ledger) {
        try (BufferedReader out = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                if (!ledger.record(node, line)) {
                    replies.add(line);
                }
            }
        } catch (IOException e) {
            replies.add("FAILED reading the output of " + tag + ": " + e);
        }
        replies.add(END);
    }

    String node() {
        return node;
    }

    /** Unique per start of a node, e.g. {@code n1i2}: the node's second process. */
    String tag() {
        return tag;
    }

    boolean killed() {
        return killed;
    }

    void send(String line) throws IOException {
        stdin.write(line + "\n");
        stdin.flush();
    }

    /**
     * The next line starting with this keyword; other lines before it are skipped.
     *
     * @throws AssertionError with the end of the log if the process fails, ends, or says nothing of the kind in time
     */
    String expect(String keyword, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            String line = replies.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (line == null) {
                throw new AssertionError(tag + " did not say " + keyword + " within " + timeout.toSeconds() + " s"
                        + logTail() + threadDump());
            }
            if (line.equals(END)) {
                replies.add(END);
                throw new AssertionError(tag + " ended (" + process.waitFor() + ") while the test waited for "
                        + keyword + logTail());
            }
            if (line.startsWith("FAILED ")) {
                throw new AssertionError(tag + ": " + line + logTail());
            }
            if (Lines.keyword(line).equals(keyword)) {
                return line;
            }
        }
    }

    /** Sends a one-word request and returns the answer, which starts with the same word. */
    String request(String word, Duration timeout) throws IOException, InterruptedException {
        send(word);
        return expect(word, timeout);
    }

    /**
     * Kills the process with SIGKILL ({@link Process#destroyForcibly()}), as a crash would, and waits until it is
     * gone and every line it printed has been read.
     */
    void kill() throws InterruptedException {
        killed = true;
        process.destroyForcibly();
        process.waitFor();
        reader.join(TimeUnit.SECONDS.toMillis(10));
    }

    /** Asks the process to exit (closing its replica cleanly) and waits; kills it if it does not in time. */
    int exit(Duration timeout) throws InterruptedException {
        if (process.isAlive()) {
            try {
                send("EXIT");
                stdin.close();
            } catch (IOException ignored) {
                // its stdin is closed: it is on its way out already
            }
        }
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            System.err.println(tag + " did not exit when asked; killing it" + logTail());
            process.destroyForcibly();
        }
        int code = process.waitFor();
        reader.join(TimeUnit.SECONDS.toMillis(10));
        return code;
    }

    /** Kills the process if it still runs (for the test's finally). */
    void destroy() {
        if (process.isAlive()) {
            process.destroyForcibly();
        }
    }

    long pid() {
        return process.pid();
    }

    /** What the process's threads are doing, to explain a process that hangs. */
    private String threadDump() {
        if (!process.isAlive()) {
            return "";
        }
        try {
            Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                    Long.toString(process.pid()), "Thread.print").redirectErrorStream(true).start();
            String dump = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            jcmd.waitFor(30, TimeUnit.SECONDS);
            return "\n--- threads of " + tag + " (pid " + process.pid() + ") ---\n" + dump;
        } catch (IOException | InterruptedException e) {
            return "\n(no thread dump of " + tag + ": " + e + ")";
        }
    }

    /** The last lines of its log, to explain a failure. */
    String logTail() {
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return "\n--- last lines of " + log + " ---\n" + String.join("\n", all.subList(Math.max(0, all.size()
                    - 30), all.size()));
        } catch (IOException e) {
            return "\n(cannot read " + log + ": " + e + ")";
        }
    }
}
