package io.abcast.replicator.internal;

import java.util.concurrent.TimeUnit;

/**
 * Counts and sums of recent events, in one-second buckets: how many per second and their mean over the last
 * {@value #SECONDS} complete seconds. Thread safe.
 */
final class Window {

    static final int SECONDS = 10;

    private static final int BUCKETS = SECONDS + 2;

    private final long[] second = new long[BUCKETS];
    private final long[] count = new long[BUCKETS];
    private final long[] sum = new long[BUCKETS];

    /** One event of this value (a duration, in nanoseconds, or 0 where only the count matters). */
    synchronized void record(long value) {
        record(now(), value);
    }

    synchronized void record(long nowSecond, long value) {
        int b = (int) (nowSecond % BUCKETS);
        if (second[b] != nowSecond) {
            second[b] = nowSecond;
            count[b] = 0;
            sum[b] = 0;
        }
        count[b]++;
        sum[b] += value;
    }

    /** Events per second over the last complete seconds. */
    synchronized double perSecond() {
        return perSecond(now());
    }

    synchronized double perSecond(long nowSecond) {
        return (double) total(nowSecond, count) / SECONDS;
    }

    /** The mean value over the last complete seconds, or 0 without events. */
    synchronized double mean() {
        return mean(now());
    }

    synchronized double mean(long nowSecond) {
        long n = total(nowSecond, count);
        return n == 0 ? 0 : (double) total(nowSecond, sum) / n;
    }

    private long total(long nowSecond, long[] values) {
        long total = 0;
        for (int b = 0; b < BUCKETS; b++) {
            if (second[b] < nowSecond && second[b] >= nowSecond - SECONDS) {
                total += values[b];
            }
        }
        return total;
    }

    private static long now() {
        return TimeUnit.NANOSECONDS.toSeconds(System.nanoTime());
    }
}
