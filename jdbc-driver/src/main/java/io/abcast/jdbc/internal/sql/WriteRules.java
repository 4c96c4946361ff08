package io.abcast.jdbc.internal.sql;

import io.abcast.jdbc.internal.sql.SqlLexer.Token;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a replicated statement may contain. Time and random numbers need nothing here: every replica applies the
 * command with the origin's timestamp and random seed installed in its H2 session. What H2 draws from outside any
 * session (UUIDs) is spliced: the call's name is replaced, in the original text, by abcast's deterministic function.
 * What reads the local node, or depends on which session or order rows are visited in, is refused with the reason
 * and what to write instead.
 */
final class WriteRules {

    /** The function that replaces H2's UUID generators in replicated SQL. */
    static final String REPLICATED_UUID = "ABCAST.REPLICATED_UUID";

    /** UUID generators: spliced. */
    private static final Set<String> UUID_FUNCTIONS = Set.of("RANDOM_UUID", "UUID", "NEWID", "SYS_GUID");

    /** Functions whose value depends on the node or the session: refused in writes, with the fix. */
    private static final Map<String, String> NODE_FUNCTIONS = Map.ofEntries(
            Map.entry("SECURE_RAND", "bind random bytes generated in Java (SecureRandom) as a parameter"),
            Map.entry("SESSION_ID", "it differs on every replica; bind the value you need as a parameter"),
            Map.entry("DATABASE_PATH", "each replica has its own path"),
            Map.entry("DATABASE", "each replica has its own database name"),
            Map.entry("MEMORY_USED", "each replica has its own memory"),
            Map.entry("MEMORY_FREE", "each replica has its own memory"),
            Map.entry("DISK_SPACE_USED", "each replica has its own files"),
            Map.entry("CSVREAD", "the file is on this node only; read it in Java and insert its rows"),
            Map.entry("CSVWRITE", "it writes a file on every node; run it as a read on one node"),
            Map.entry("FILE_READ", "the file is on this node only; read it in Java and bind its content"),
            Map.entry("FILE_WRITE", "it writes a file on every node"),
            Map.entry("LINK_SCHEMA", "it links another database from every node"),
            Map.entry("TRANSACTION_ID", "it differs on every replica"),
            Map.entry("LOCK_MODE", "it is this node's setting"),
            Map.entry("LOCK_TIMEOUT", "it is this node's setting"),
            Map.entry("READONLY", "it is this node's setting"),
            Map.entry("AUTOCOMMIT", "it is this session's state"),
            Map.entry("ABORT_SESSION", "sessions differ on every replica"),
            Map.entry("CANCEL_SESSION", "sessions differ on every replica"),
            Map.entry("DB_OBJECT_ID", "object ids can differ between replicas"),
            Map.entry("DB_OBJECT_SQL", "object ids can differ between replicas"),
            Map.entry("DB_OBJECT_SIZE", "sizes differ between replicas"),
            Map.entry("DB_OBJECT_TOTAL_SIZE", "sizes differ between replicas"),
            Map.entry("DB_OBJECT_APPROXIMATE_SIZE", "sizes differ between replicas"),
            Map.entry("DB_OBJECT_APPROXIMATE_TOTAL_SIZE", "sizes differ between replicas"));

    /** Keywords (no parentheses needed) whose value is the session's: refused in writes. */
    private static final Set<String> SESSION_KEYWORDS = Set.of("CURRENT_USER", "SESSION_USER", "SYSTEM_USER",
            "CURRENT_ROLE", "CURRENT_CATALOG");

    /** Refused everywhere, reads included: they answer for the session, which is not where writes happen. */
    private static final Map<String, String> SESSION_RESULTS = Map.of(
            "IDENTITY", "use Statement.getGeneratedKeys() (or RETURN_GENERATED_KEYS) instead",
            "SCOPE_IDENTITY", "use Statement.getGeneratedKeys() (or RETURN_GENERATED_KEYS) instead",
            "LAST_INSERT_ID", "use Statement.getGeneratedKeys() (or RETURN_GENERATED_KEYS) instead",
            "CURRVAL", "take the value with SELECT NEXT VALUE FOR and keep it, or use getGeneratedKeys()");

    /** Words after which a name followed by a parenthesis is a table or index, not a call. */
    private static final Set<String> TABLE_CONTEXT = Set.of("INTO", "TABLE", "REFERENCES",
            "EXISTS", "VIEW", "ON", "INDEX");

    private WriteRules() {
    }

    /** A refusal for any statement, read or write, or null. */
    static String refusalForAny(List<Token> tokens) {
        for (int i = 0; i < tokens.size(); i++) {
            Token t = tokens.get(i);
            if (isCall(tokens, i) && SESSION_RESULTS.containsKey(t.text())) {
                return t.text() + "() answers for this session, but writes are applied on the replicas' own "
                        + "sessions; " + SESSION_RESULTS.get(t.text());
            }
            if (t.is("CURRENT") && next(tokens, i, 1).is("VALUE") && next(tokens, i, 2).is("FOR")) {
                return "CURRENT VALUE FOR answers for this session, but writes are applied on the replicas' own "
                        + "sessions; " + SESSION_RESULTS.get("CURRVAL");
            }
        }
        return null;
    }

    /**
     * What a replicated statement needs: a refusal, or the UUID calls to splice (possibly none).
     *
     * @param refusal   why it cannot be replicated and what to write instead, or null
     * @param uuidCalls the name tokens of the UUID generator calls, in text order
     */
    record Verdict(String refusal, List<Token> uuidCalls) {
    }

    /** Checks a replicated statement: its calls, its keywords, and its shape. */
    static Verdict check(List<Token> tokens) {
        String refusal = refusalForAny(tokens);
        if (refusal == null) {
            refusal = shapeRefusal(tokens);
        }
        List<Token> uuidCalls = new ArrayList<>();
        for (int i = 0; i < tokens.size() && refusal == null; i++) {
            Token t = tokens.get(i);
            if (t.type() != SqlLexer.Type.WORD) {
                continue;
            }
            if (isCall(tokens, i)) {
                if (UUID_FUNCTIONS.contains(t.text())) {
                    uuidCalls.add(t);
                    continue;
                }
                String why = NODE_FUNCTIONS.get(t.text());
                if (why != null) {
                    refusal = t.text() + "() would give each replica its own value: " + why;
                }
            } else if (SESSION_KEYWORDS.contains(t.text()) || (t.is("USER") && !isUserDdl(tokens, i))) {
                refusal = t.text() + " is the session's user or catalog, which differs on the replicas' own "
                        + "sessions; bind the value as a parameter";
            } else if (t.is(StateSchema.NAME) && next(tokens, i, 1).isSymbol(".")) {
                refusal = "schema " + StateSchema.NAME + " holds abcast's own state; leave it alone";
            }
        }
        return new Verdict(refusal, refusal == null ? uuidCalls : List.of());
    }

    /** Statement shapes that cannot be replicated, whatever they call. */
    private static String shapeRefusal(List<Token> tokens) {
        Token first = tokens.get(0);
        if ((first.is("UPDATE") || first.is("DELETE")) && limitsRows(tokens)) {
            return first.text() + " with LIMIT, FETCH or TOP picks rows in the order the table is read, which "
                    + "replicas need not share; name the rows: WHERE <key> IN (SELECT <key> FROM ... ORDER BY <key> "
                    + "FETCH FIRST n ROWS ONLY)";
        }
        if (first.is("EXECUTE") && next(tokens, 0, 1).is("IMMEDIATE")) {
            return "EXECUTE IMMEDIATE runs SQL built at run time, which cannot be checked before it is replicated; "
                    + "execute the statement itself";
        }
        if (first.is("CREATE")) {
            String what = createdObject(tokens);
            if (what.equals("ALIAS") && !contains(tokens, "DETERMINISTIC")) {
                return "a user function could give each replica its own value; declare it CREATE ALIAS ... "
                        + "DETERMINISTIC (and make sure it is), or compute the value in Java and bind it";
            }
            if (what.equals("LINKED")) {
                return "a linked table reads another database from each node; copy its rows in with INSERT";
            }
            if (contains(tokens, "LOCAL") && contains(tokens, "TEMPORARY")) {
                return "a local temporary table lives in one session, but writes are applied on the replicas' own "
                        + "sessions; use a regular or GLOBAL TEMPORARY table";
            }
        }
        if (first.is("DROP") && next(tokens, 0, 1).is("ALL") && next(tokens, 0, 2).is("OBJECTS")) {
            return "DROP ALL OBJECTS would drop abcast's own schema too; drop your schemas or tables by name";
        }
        if (first.is("DROP") && next(tokens, 0, 1).is("SCHEMA") && next(tokens, 0, 2).is(StateSchema.NAME)) {
            return "schema " + StateSchema.NAME + " holds abcast's own state; leave it alone";
        }
        return null;
    }

    /** Whether a top-level LIMIT, FETCH or TOP limits the rows an UPDATE or DELETE touches. */
    private static boolean limitsRows(List<Token> tokens) {
        int depth = 0;
        for (int i = 0; i < tokens.size(); i++) {
            Token t = tokens.get(i);
            if (t.isSymbol("(")) {
                depth++;
            } else if (t.isSymbol(")")) {
                depth--;
            } else if (depth == 0 && (t.is("LIMIT") || t.is("FETCH") || (t.is("TOP") && i == 1))) {
                return true;
            }
        }
        return false;
    }

    /** The kind of object a CREATE statement makes: the word after CREATE and its modifiers. */
    private static String createdObject(List<Token> tokens) {
        for (int i = 1; i < tokens.size(); i++) {
            Token t = tokens.get(i);
            if (t.type() != SqlLexer.Type.WORD) {
                break;
            }
            switch (t.text()) {
                case "OR", "REPLACE", "FORCE", "LOCAL", "GLOBAL", "TEMPORARY", "TEMP", "CACHED", "MEMORY",
                        "MATERIALIZED", "UNIQUE", "HASH", "SPATIAL", "PRIMARY":
                    continue;
                default:
                    return t.text();
            }
        }
        return "";
    }

    private static boolean contains(List<Token> tokens, String word) {
        for (Token t : tokens) {
            if (t.is(word)) {
                return true;
            }
        }
        return false;
    }

    /** Replaces each UUID call's name, in the original text, by abcast's deterministic function. */
    static String splice(String sql, List<Token> uuidCalls) {
        if (uuidCalls.isEmpty()) {
            return sql;
        }
        StringBuilder out = new StringBuilder(sql.length() + 32 * uuidCalls.size());
        int from = 0;
        for (Token call : uuidCalls) {
            out.append(sql, from, call.start()).append(REPLICATED_UUID);
            from = call.end();
        }
        return out.append(sql, from, sql.length()).toString();
    }

    /** A word followed by an opening parenthesis, not in a place where it names a table. */
    private static boolean isCall(List<Token> tokens, int i) {
        Token t = tokens.get(i);
        if (t.type() != SqlLexer.Type.WORD || !next(tokens, i, 1).isSymbol("(")) {
            return false;
        }
        if (i > 0 && tokens.get(i - 1).isSymbol(".")) {
            return false; // qualified: a user's function in a schema, or a column
        }
        return i == 0 || !(tokens.get(i - 1).type() == SqlLexer.Type.WORD
                && TABLE_CONTEXT.contains(tokens.get(i - 1).text()));
    }

    private static boolean isUserDdl(List<Token> tokens, int i) {
        if (i == 0) {
            return false;
        }
        Token before = tokens.get(i - 1);
        return before.is("CREATE") || before.is("ALTER") || before.is("DROP") || before.is("EXISTS");
    }

    private static final Token NONE = new Token(SqlLexer.Type.SYMBOL, "", -1, -1);

    static Token next(List<Token> tokens, int i, int ahead) {
        return i + ahead < tokens.size() ? tokens.get(i + ahead) : NONE;
    }
}
