package io.abcast.replicator;

import java.util.Arrays;

/**
 * Which generated keys a statement asks for: none, all ({@code RETURN_GENERATED_KEYS}), or named by column index or
 * by column name, as in {@link java.sql.Connection#prepareStatement(String, int[])}.
 */
public final class KeyRequest {

    /** No generated keys. */
    public static final KeyRequest NONE = new KeyRequest(null, null, false);
    /** The keys H2 chooses ({@code Statement.RETURN_GENERATED_KEYS}). */
    public static final KeyRequest ALL = new KeyRequest(null, null, true);

    private final int[] indexes;
    private final String[] names;
    private final boolean all;

    private KeyRequest(int[] indexes, String[] names, boolean all) {
        this.indexes = indexes;
        this.names = names;
        this.all = all;
    }

    public static KeyRequest indexes(int[] columnIndexes) {
        return columnIndexes == null ? NONE : new KeyRequest(columnIndexes.clone(), null, false);
    }

    public static KeyRequest names(String[] columnNames) {
        return columnNames == null ? NONE : new KeyRequest(null, columnNames.clone(), false);
    }

    public boolean isNone() {
        return !all && indexes == null && names == null;
    }

    public boolean isAll() {
        return all;
    }

    /** The column indexes asked for, or null. */
    public int[] columnIndexes() {
        return indexes == null ? null : indexes.clone();
    }

    /** The column names asked for, or null. */
    public String[] columnNames() {
        return names == null ? null : names.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof KeyRequest k && all == k.all && Arrays.equals(indexes, k.indexes) && Arrays.equals(names, k.names);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Boolean.hashCode(all) + Arrays.hashCode(indexes)) + Arrays.hashCode(names);
    }

    @Override
    public String toString() {
        if (all) {
            return "ALL";
        }
        if (indexes != null) {
            return Arrays.toString(indexes);
        }
        return names == null ? "NONE" : Arrays.toString(names);
    }
}
