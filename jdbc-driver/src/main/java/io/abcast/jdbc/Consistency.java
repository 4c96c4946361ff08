package io.abcast.jdbc;

/** What a read on a connection waits for before it reads the local replica ({@code abcast.consistency}). */
public enum Consistency {
    /** Read the local replica as it is: fastest, may not show writes other nodes acknowledged. */
    LOCAL,
    /** Read-your-writes: the read sees every write this node acknowledged before it. The default. */
    SESSION,
    /**
     * The read sees every write acknowledged anywhere before it began: it first puts a barrier in the total order
     * and waits until this replica has applied it. Fails like a write outside a primary component.
     */
    LINEARIZABLE
}
