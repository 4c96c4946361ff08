package io.abcast.bench;

/**
 * What one measured run of one target at one thread count gave.
 *
 * @param target   the target's name
 * @param threads  the number of client threads
 * @param rows     the inserts that returned successfully
 * @param nanos    the wall-clock time from the start signal until the last thread stopped
 * @param p50Nanos the median insert latency
 * @param p99Nanos the 99th percentile insert latency
 * @param maxNanos the slowest insert
 * @param error    the first error a thread met (which stopped the run), or null
 */
record RunResult(String target, int threads, long rows, long nanos, long p50Nanos, long p99Nanos, long maxNanos,
                 String error) {

    /** Rows per second. */
    double throughput() {
        return nanos <= 0 ? 0 : rows * 1e9 / nanos;
    }
}
