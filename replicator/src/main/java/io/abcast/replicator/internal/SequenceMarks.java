package io.abcast.replicator.internal;

import org.h2.engine.SessionLocal;
import org.h2.schema.Schema;
import org.h2.schema.Sequence;

import java.util.ArrayList;
import java.util.List;

/**
 * Where every sequence of the database stands (identity columns' included), to put them back there. H2 never rolls
 * a sequence draw back, so when the applier undoes a group of commands to apply it again, the sequences must be
 * reset by hand, or this replica alone would draw further than its peers.
 *
 * <p>Applier thread only.
 */
final class SequenceMarks {

    private record Mark(Sequence sequence, long base) {
    }

    private final List<Mark> marks;

    private SequenceMarks(List<Mark> marks) {
        this.marks = marks;
    }

    /** The next value of every sequence now. */
    static SequenceMarks take(SessionLocal session) {
        List<Mark> marks = new ArrayList<>();
        for (Schema schema : session.getDatabase().getAllSchemas()) {
            for (Sequence sequence : schema.getAllSequences()) {
                marks.add(new Mark(sequence, sequence.getBaseValue()));
            }
        }
        return new SequenceMarks(marks);
    }

    /** Puts every sequence that moved since back where it was; how many moved. */
    int restore() {
        int moved = 0;
        for (Mark m : marks) {
            if (m.sequence().getBaseValue() != m.base()) {
                m.sequence().modify(m.base(), null, null, null, null, null, null);
                moved++;
            }
        }
        return moved;
    }
}
