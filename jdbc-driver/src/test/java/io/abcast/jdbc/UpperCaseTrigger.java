package io.abcast.jdbc;

import org.h2.api.Trigger;

import java.sql.Connection;

/** A deterministic trigger for the corpus: upper-cases the second column of every inserted row. */
public class UpperCaseTrigger implements Trigger {

    @Override
    public void fire(Connection conn, Object[] oldRow, Object[] newRow) {
        if (newRow != null && newRow[1] instanceof String s) {
            newRow[1] = s.toUpperCase(java.util.Locale.ROOT);
        }
    }
}
