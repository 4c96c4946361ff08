package io.abcast.bench;

import io.abcast.jdbc.ReplicatedConnection;
import io.abcast.replicator.ReplicaStatus;

import java.util.List;

/**
 * Polls a survivor's status every millisecond, from before a crash: its last position while its view still held the
 * crashed node (whatever it had applied by then came from the old sequencer), when its view first lacks that node,
 * and when it is primary again in such a view (reconciled, accepting writes). On a loaded machine the polling thread
 * can be scheduled late: the times are then late by as much.
 */
final class ViewWatch extends Thread {

    private final ReplicatedConnection survivor;
    private final String crashed;
    volatile long viewAt = -1;
    volatile long primaryAt = -1;
    volatile long positionAtView = -1;
    volatile long positionBeforeView = -1;
    volatile List<String> members = List.of();

    ViewWatch(ReplicatedConnection survivor, String crashed) {
        super("bench-view-watch");
        setDaemon(true);
        this.survivor = survivor;
        this.crashed = crashed;
    }

    @Override
    public void run() {
        try {
            while (primaryAt < 0) {
                ReplicaStatus s = survivor.replicaStatus();
                long now = System.nanoTime();
                if (s.members().contains(crashed)) {
                    positionBeforeView = s.position();
                } else {
                    if (viewAt < 0) {
                        members = s.members();
                        positionAtView = s.position();
                        viewAt = now;
                    }
                    if (s.primary()) {
                        primaryAt = now;
                    }
                }
                Thread.sleep(1);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "view without the sequencer at " + viewAt + " (" + members + "), primary at " + primaryAt;
    }
}
