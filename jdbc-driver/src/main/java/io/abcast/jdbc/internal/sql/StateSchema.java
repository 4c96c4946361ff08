package io.abcast.jdbc.internal.sql;

/** The schema in every replica's database that holds abcast's own state (position, hash, sessions, functions). */
final class StateSchema {

    static final String NAME = "ABCAST";

    private StateSchema() {
    }
}
