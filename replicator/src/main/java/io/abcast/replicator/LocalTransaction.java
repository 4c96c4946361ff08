package io.abcast.replicator;

/**
 * A transaction an application has open on this replica's database (its tentative run, before it is broadcast).
 * Its locks must never hold the applier up: when the applier finds a row locked, it aborts every local transaction
 * registered with {@link Replicator#register}, and applies the command again.
 */
public interface LocalTransaction {

    /**
     * Rolls the transaction back at once, from the applier's thread, and makes its owner's next call fail with
     * SQLState {@code 40001}; does nothing once the transaction ended. May wait for the statement the owner is
     * running (cancelled), never for the owner's next call.
     */
    void abort();
}
