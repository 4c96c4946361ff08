package io.abcast.bench;

import java.io.IOException;
import java.lang.management.LockInfo;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * What to keep when a scenario goes wrong (a replica never catches up, no write is accepted after a failover): a
 * description of the state, this JVM's threads with their full stacks and locks, and {@code jstack} of child
 * replicas, in a file under the run's logs.
 */
final class Diagnostics {

    private Diagnostics() {
    }

    /**
     * Writes the file and says where on standard error.
     *
     * @param context what was expected and the replicas' status
     * @param childPids child replica processes to {@code jstack} too
     */
    static void dump(Path logs, String name, String context, long... childPids) {
        StringBuilder sb = new StringBuilder(context).append("\n\nThreads of the benchmark's JVM:\n");
        for (ThreadInfo t : ManagementFactory.getThreadMXBean().dumpAllThreads(true, true)) {
            sb.append('"').append(t.getThreadName()).append("\" ").append(t.getThreadState());
            if (t.getLockName() != null) {
                sb.append(" on ").append(t.getLockName());
                if (t.getLockOwnerName() != null) {
                    sb.append(" owned by \"").append(t.getLockOwnerName()).append('"');
                }
            }
            sb.append('\n');
            for (StackTraceElement frame : t.getStackTrace()) {
                sb.append("    at ").append(frame).append('\n');
            }
            for (LockInfo lock : t.getLockedSynchronizers()) {
                sb.append("    holds ").append(lock).append('\n');
            }
            sb.append('\n');
        }
        for (long pid : childPids) {
            sb.append("\njstack ").append(pid).append(":\n").append(jstack(pid));
        }
        try {
            Files.createDirectories(logs);
            Path file = logs.resolve(name + ".txt");
            Files.writeString(file, sb);
            System.err.println("diagnostics in " + file);
        } catch (IOException e) {
            System.err.println("could not write diagnostics: " + e + "\n" + sb);
        }
    }

    private static String jstack(long pid) {
        Path jstack = Path.of(System.getProperty("java.home"), "bin", "jstack");
        try {
            Process p = new ProcessBuilder(jstack.toString(), "-l", Long.toString(pid)).redirectErrorStream(true)
                    .start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor(30, TimeUnit.SECONDS);
            return out;
        } catch (IOException e) {
            return "(" + e + ")\n";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "(interrupted)\n";
        }
    }
}
