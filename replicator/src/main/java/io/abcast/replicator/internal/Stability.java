package io.abcast.replicator.internal;

import org.jgroups.Address;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * How far a majority of the configured members applied: a write is acknowledged only once it is, so that it survives
 * the crash of any minority (a primary component after it holds a member that applied it, and the members reconcile
 * before going on). Members report their applied positions ({@link Control.Applied}); this replica's own counts
 * too.
 *
 * <p>Thread safe.
 */
final class Stability {

    private final int quorum;
    private final Map<Address, Long> positions = new HashMap<>();
    private final TreeMap<Long, List<Runnable>> waiting = new TreeMap<>();
    private Address self;
    private long stable;

    Stability(int quorum) {
        this.quorum = quorum;
    }

    /** The furthest position any member of the view reported. */
    synchronized long highest() {
        long max = 0;
        for (long p : positions.values()) {
            max = Math.max(max, p);
        }
        return max;
    }

    /** The position a majority has applied. */
    synchronized long stable() {
        return stable;
    }

    /** A new view: only its members count, each from the position it last reported. */
    void view(List<Address> members, Address selfAddress) {
        List<Runnable> ready;
        synchronized (this) {
            self = selfAddress;
            positions.keySet().retainAll(members);
            for (Address a : members) {
                positions.putIfAbsent(a, 0L);
            }
            ready = recompute();
        }
        ready.forEach(Runnable::run);
    }

    /** A member (this replica included) has applied up to the position. */
    void applied(Address member, long position) {
        List<Runnable> ready;
        synchronized (this) {
            Long known = positions.get(member);
            if (known == null || known >= position) {
                return;
            }
            positions.put(member, position);
            ready = recompute();
        }
        ready.forEach(Runnable::run);
    }

    /** Runs the action once a majority has applied the position (at once if it has). */
    void whenStable(long position, Runnable action) {
        synchronized (this) {
            if (position > stable) {
                waiting.computeIfAbsent(position, p -> new ArrayList<>()).add(action);
                return;
            }
        }
        action.run();
    }

    /** Fails nothing, forgets nothing: the actions waiting stay, for a later view to make them stable. */
    private List<Runnable> recompute() {
        List<Long> sorted = new ArrayList<>(positions.values());
        sorted.sort(java.util.Comparator.reverseOrder());
        long majority = sorted.size() >= quorum ? sorted.get(quorum - 1) : 0;
        if (majority <= stable) {
            return List.of();
        }
        stable = majority;
        List<Runnable> ready = new ArrayList<>();
        var head = waiting.headMap(stable, true);
        head.values().forEach(ready::addAll);
        head.clear();
        return ready;
    }

    /** The actions still waiting, removed (when the replica closes). */
    synchronized List<Runnable> drain() {
        List<Runnable> all = new ArrayList<>();
        waiting.values().forEach(all::addAll);
        waiting.clear();
        return all;
    }

    synchronized Address self() {
        return self;
    }
}
