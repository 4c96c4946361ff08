package io.abcast.replicator.internal;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/** The applied position, which readers can wait for. Thread safe. */
public final class AppliedPosition {

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition advanced = lock.newCondition();
    private volatile long position;
    private volatile boolean stopped;
    private int waiters;

    public long get() {
        return position;
    }

    void advance(long newPosition) {
        position = newPosition;
        signal();
    }

    /** Wakes every waiter for good: the position will not advance any more. */
    public void stop() {
        stopped = true;
        signal();
    }

    private void signal() {
        lock.lock();
        try {
            if (waiters > 0) {
                advanced.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits until the position reaches {@code target}.
     *
     * @return whether it did; false if the time ran out or the position stopped advancing
     */
    public boolean await(long target, long timeout, TimeUnit unit) throws InterruptedException {
        if (position >= target) {
            return true;
        }
        long nanos = unit.toNanos(timeout);
        lock.lock();
        try {
            waiters++;
            while (position < target && !stopped) {
                if (nanos <= 0) {
                    return false;
                }
                nanos = advanced.awaitNanos(nanos);
            }
            return position >= target;
        } finally {
            waiters--;
            lock.unlock();
        }
    }
}
