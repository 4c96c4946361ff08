package io.abcast.replicator;

import java.util.List;

/**
 * A replica's view of the cluster and how far it has applied.
 *
 * @param node     this replica's node name
 * @param members  the node names in the current view, the sequencer (coordinator) first
 * @param primary  whether the view holds a majority of the configured cluster size, so that writes are accepted
 * @param position the position of the last applied command
 * @param hash     the running hash after that command, in hex
 * @param failure  why the replica stopped applying, or null while it is healthy
 */
public record ReplicaStatus(String node, List<String> members, boolean primary, long position, String hash,
                            String failure) {

    public ReplicaStatus {
        members = List.copyOf(members);
    }
}
