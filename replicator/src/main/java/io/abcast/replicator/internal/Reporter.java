package io.abcast.replicator.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells the other members how far this replica applied, so that they know when a write is held by a majority. Sends
 * at most one report at a time, always the latest position: reports coalesce under load.
 *
 * <p>Thread safe.
 */
final class Reporter implements AutoCloseable {

    /** Sends a report. */
    interface Sender {
        void send(long position) throws Exception;
    }

    private static final Logger LOG = LoggerFactory.getLogger(Reporter.class);

    private final Thread thread;
    private final Sender sender;
    private long latest;
    private long sent;
    private boolean closed;

    Reporter(String node, Sender sender) {
        this.sender = sender;
        this.thread = new Thread(this::run, "abcast-report-" + node);
        thread.setDaemon(true);
        thread.start();
    }

    /** Sends the latest position again (reports can be lost across view changes). */
    synchronized void again() {
        if (latest > 0) {
            sent = Math.min(sent, latest - 1);
            notifyAll();
        }
    }

    /** The replica applied up to this position. */
    synchronized void applied(long position) {
        if (position > latest) {
            latest = position;
            notifyAll();
        }
    }

    private void run() {
        while (true) {
            long position;
            synchronized (this) {
                while (latest <= sent && !closed) {
                    try {
                        wait();
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                if (closed) {
                    return;
                }
                position = latest;
            }
            try {
                sender.send(position);
            } catch (Exception e) {
                LOG.debug("could not report position {}: {}", position, e.toString());
            }
            synchronized (this) {
                sent = Math.max(sent, position);
            }
        }
    }

    @Override
    public void close() {
        synchronized (this) {
            closed = true;
            notifyAll();
        }
    }
}
