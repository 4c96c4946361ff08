package io.abcast.it.app;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * The application node's record of its operations, one line each on standard output, flushed at once, so that what
 * it printed before a kill survives in the container's log:
 * <pre>
 *   OP BEGIN    id kind t0                        before the operation is sent
 *   OP ACK      id kind t0 t1 detail              acknowledged: it must be in every replica exactly once
 *   OP NOOP     id kind t0 t1                     decided not to write (no funds): must be absent
 *   OP REFUSED  id kind t0 t1 state               refused before broadcast (08004): must be absent
 *   OP ABORTED  id kind t0 t1 state tries=N       conflicted every time (40001): must be absent
 *   OP UNKNOWN  id kind t0 t1 state message       outcome unknown (08007): present at most once
 *   OP ERROR    id kind t0 t1 state code message  anything else: the checker reports it
 * </pre>
 * Times are milliseconds since the epoch (containers share the host's clock).
 */
public final class OpLog {

    private static final PrintStream OUT = new PrintStream(new FileOutputStream(FileDescriptor.out), false,
            StandardCharsets.UTF_8);

    private OpLog() {
    }

    /** Prints one line and flushes it. */
    public static void line(String text) {
        synchronized (OUT) {
            OUT.println(text);
            OUT.flush();
        }
    }

    public static void begin(String id, String kind, long t0) {
        line("OP BEGIN " + id + " " + kind + " " + t0);
    }

    public static void end(String outcome, String id, String kind, long t0, String detail) {
        line("OP " + outcome + " " + id + " " + kind + " " + t0 + " " + System.currentTimeMillis()
                + (detail.isEmpty() ? "" : " " + detail));
    }

    /** A message made safe for one line. */
    public static String oneLine(String message) {
        return message == null ? "-" : message.replaceAll("\\s+", " ").trim();
    }
}
