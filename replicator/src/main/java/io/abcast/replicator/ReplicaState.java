package io.abcast.replicator;

/**
 * A replica's data at one position, in a form that can be compared between replicas: equal on every replica that
 * applied the same commands in the same order.
 *
 * @param position the position of the last applied command
 * @param hash     the running hash over every applied command and its outcome, in hex
 * @param digest   a digest of the schema and rows of every user table, independent of physical row order, in hex
 */
public record ReplicaState(long position, String hash, String digest) {
}
