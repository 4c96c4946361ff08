package io.abcast.replicator.internal;

import io.abcast.replicator.Certification;
import io.abcast.replicator.Command;
import io.abcast.replicator.Observation;
import io.abcast.replicator.Outcome;
import io.abcast.replicator.Outcome.CallResult;
import io.abcast.replicator.SessionContext;
import io.abcast.replicator.SqlCall;
import org.h2.engine.SessionLocal;

import java.sql.SQLException;
import java.sql.SQLTransactionRollbackException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Executes one command inside the applier's open transaction, under a savepoint of its own: an error the command
 * causes undoes the command alone and is its outcome; an error of the environment (see {@link Errors}) is thrown.
 *
 * <p>Applier thread only.
 */
final class CommandExecution {

    /** Statements that never end a transaction in H2: commands made only of these can share one. */
    private static final Pattern DML = Pattern.compile("\\s*(?:/\\*.*?\\*/\\s*|--[^\\n]*\\n\\s*)*"
            + "(?:INSERT|UPDATE|DELETE|MERGE|SELECT|VALUES|TABLE|WITH)\\b", Pattern.CASE_INSENSITIVE | Pattern.DOTALL);

    private CommandExecution() {
    }

    /**
     * Whether the command can share a transaction with others: H2 commits the open transaction on any definition
     * statement (CREATE, ALTER, DROP, TRUNCATE...), so a command holding one is applied in a transaction of its own.
     */
    static boolean groupable(Command command) {
        for (SqlCall call : command.calls()) {
            for (String sql : call.sql()) {
                if (!DML.matcher(sql).lookingAt()) {
                    return false;
                }
            }
        }
        return true;
    }

    static Outcome execute(ApplierSession session, Command command, long position, boolean withResults)
            throws SQLException {
        SessionContext context = command.context();
        Certification certification = command.certification();
        SessionLocal.Savepoint start = SessionHooks.savepoint(session.h2Session());
        DeterministicFunctions.enter(new DeterministicFunctions.Context(command.id(), context.seed(),
                context.timestamp(), certification == null ? Map.of() : certification.draws(), null));
        try {
            session.use(context);
            SessionHooks.seedRandom(session.h2Session(), context.seed());
            return certification == null ? executePlain(session, command, position, withResults)
                    : executeCertified(session, command, position, start);
        } catch (SQLException e) {
            if (Errors.isEnvironmental(e)) {
                throw e;
            }
            SessionHooks.rollbackTo(session.h2Session(), start);
            return Outcome.failure(position, e);
        } finally {
            DeterministicFunctions.exit();
        }
    }

    /** Every call in turn; the first that fails undoes the command. */
    private static Outcome executePlain(ApplierSession session, Command command, long position, boolean withResults)
            throws SQLException {
        List<CallResult> results = new ArrayList<>(command.calls().size());
        for (SqlCall call : command.calls()) {
            SessionHooks.freezeTime(session.h2Session(), command.context().timestamp());
            results.add(session.executor().run(call, withResults));
        }
        return Outcome.success(position, results);
    }

    /**
     * A transaction: every call in turn, each under a savepoint, and each must observe what it observed at the
     * origin (a call that failed there must fail the same way here, and only its own work is undone). The first
     * difference aborts the transaction on every replica alike.
     */
    private static Outcome executeCertified(ApplierSession session, Command command, long position,
                                            SessionLocal.Savepoint start) throws SQLException {
        SessionLocal h2 = session.h2Session();
        List<byte[]> expected = command.certification().observations();
        for (int i = 0; i < command.calls().size(); i++) {
            SqlCall call = command.calls().get(i);
            SessionHooks.freezeTime(session.h2Session(), command.context().timestamp());
            SessionLocal.Savepoint savepoint = SessionHooks.savepoint(h2);
            byte[] observed;
            try {
                observed = Observation.of(session.executor().run(call, true));
            } catch (SQLException e) {
                if (Errors.isEnvironmental(e)) {
                    throw e;
                }
                SessionHooks.rollbackTo(h2, savepoint);
                observed = Observation.of(e);
            }
            if (!Arrays.equals(observed, expected.get(i))) {
                SessionHooks.rollbackTo(h2, start);
                return Outcome.failure(position, new SQLTransactionRollbackException("the transaction conflicts with "
                        + "one committed before it: statement " + (i + 1) + " of " + command.calls().size() + " ("
                        + abbreviate(call.sql().get(0)) + ") observes other data than when it ran; nothing of the "
                        + "transaction was applied, retry it", "40001"));
            }
        }
        return Outcome.success(position, List.of());
    }

    private static String abbreviate(String sql) {
        String oneLine = sql.replaceAll("\\s+", " ").strip();
        return oneLine.length() <= 80 ? oneLine : oneLine.substring(0, 77) + "...";
    }
}
