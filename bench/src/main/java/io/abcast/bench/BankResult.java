package io.abcast.bench;

import java.util.Map;

/**
 * What one measured run of the bank workload on one target at one thread count gave.
 *
 * @param target      the target's name
 * @param threads     the number of client threads
 * @param commits     the transfers that committed (including those that found too little money and only read)
 * @param attempts    the transactions tried: commits, aborts on a conflict, and none other
 * @param aborts      the attempts that failed on a conflict and were rolled back
 * @param readOnly    the committed transfers that only read (the source had less than the amount)
 * @param gaveUp      the transfers that had just failed when the time was up, and were not tried again
 * @param nanos       the wall-clock time from the start signal until the last thread stopped
 * @param p50Nanos    the median time of a committed attempt, from its first statement to the end of its commit
 * @param p99Nanos    the 99th percentile of the same
 * @param transferP99 the 99th percentile time of a committed transfer, from its first attempt on (retries included)
 * @param abortKinds  the aborts by SQLState/error code
 * @param examples    the first message of each kind of abort
 * @param error       the first error a thread met that was not a conflict (which stopped the run), or null
 */
record BankResult(String target, int threads, long commits, long attempts, long aborts, long readOnly, long gaveUp,
                  long nanos, long p50Nanos, long p99Nanos, long transferP99, Map<String, Long> abortKinds,
                  Map<String, String> examples, String error) {

    /** Committed transactions per second. */
    double throughput() {
        return nanos <= 0 ? 0 : commits * 1e9 / nanos;
    }

    /** Aborts per attempt, from 0 to 1. */
    double abortRate() {
        return attempts == 0 ? 0 : aborts / (double) attempts;
    }
}
