package io.abcast.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.Locale;

/**
 * Samples this JVM's heap while a run goes on: its first and last sample and its peak show whether memory grows under
 * a sustained load. For the in-JVM targets that is the replicas and clients together; a child process's heap is not
 * seen. By default a sample is what the heap pools held after their last collection, once a second (cheap, but it
 * counts garbage an old generation has not collected yet); with {@code live}, it forces a full collection every ten
 * seconds and reads what is left: the live set, at the cost of those pauses.
 */
final class HeapWatch implements AutoCloseable {

    private final Thread thread;
    private final boolean live;
    private volatile boolean stop;
    private long first = -1;
    private long last;
    private long peak;
    /** One sample a minute, in MB, to show the trend. */
    private final StringBuilder minutes = new StringBuilder();
    private final long started = System.nanoTime();
    private int minutesSeen;

    HeapWatch(boolean live) {
        this.live = live;
        thread = new Thread(this::run, "bench-heap-watch");
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        while (!stop) {
            long used;
            if (live) {
                System.gc();
                used = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
            } else {
                used = afterLastCollection();
            }
            synchronized (this) {
                if (first < 0) {
                    first = used;
                }
                last = used;
                peak = Math.max(peak, used);
                long minute = (System.nanoTime() - started) / 60_000_000_000L;
                if (minute >= minutesSeen) {
                    minutes.append(minutes.length() == 0 ? "" : ", ").append(Math.round(used / 1e6));
                    minutesSeen = (int) minute + 1;
                }
            }
            try {
                Thread.sleep(live ? 10_000 : 1000); // a sampling period, not a wait for anything
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Heap held after the last collection of each heap pool, summed. */
    static long afterLastCollection() {
        long sum = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            MemoryUsage afterGc = pool.getType() == MemoryType.HEAP ? pool.getCollectionUsage() : null;
            if (afterGc != null) {
                sum += afterGc.getUsed();
            }
        }
        return sum;
    }

    /** "heap ...: first .. MB, last .. MB, peak .. MB". */
    synchronized String summary() {
        return String.format(Locale.ROOT, "%s: first %.0f MB, last %.0f MB, peak %.0f MB; at each minute: %s MB",
                live ? "live heap (after a full GC every 10 s)" : "heap after the last GC",
                first / 1e6, last / 1e6, peak / 1e6, minutes);
    }

    @Override
    public void close() {
        stop = true;
        thread.interrupt();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
