package io.abcast.jdbc.internal.sql;

import org.h2.command.CommandInterface;
import org.h2.jdbc.JdbcConnection;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;

import static io.abcast.jdbc.internal.sql.StatementKind.DDL;
import static io.abcast.jdbc.internal.sql.StatementKind.LOCAL;
import static io.abcast.jdbc.internal.sql.StatementKind.QUERY;
import static io.abcast.jdbc.internal.sql.StatementKind.REFUSED;
import static io.abcast.jdbc.internal.sql.StatementKind.SESSION;
import static io.abcast.jdbc.internal.sql.StatementKind.TRANSACTION;
import static io.abcast.jdbc.internal.sql.StatementKind.WRITE;
import static org.assertj.core.api.Assertions.assertThat;

class ClassifierTest {

    /** SQL H2 accepts, with the kind it must get. */
    private static final Map<String, StatementKind> CORPUS = new LinkedHashMap<>();

    static {
        CORPUS.put("SELECT * FROM T", QUERY);
        CORPUS.put("  select id from t where v = 'INSERT INTO T VALUES (1)' -- DELETE FROM T", QUERY);
        CORPUS.put("/* UPDATE T SET V = 1 */ SELECT \"UPDATE\" FROM Q", QUERY);
        CORPUS.put("(SELECT 1) UNION (SELECT 2)", QUERY);
        CORPUS.put("VALUES (1, 2)", QUERY);
        CORPUS.put("TABLE T", QUERY);
        CORPUS.put("WITH X AS (SELECT 1 A) SELECT A FROM X", QUERY);
        CORPUS.put("SELECT REPLACE(V, 'a', 'b'), UPPER(REPLACE(V, 'a', 'b')) FROM T", QUERY);
        CORPUS.put("EXPLAIN SELECT * FROM T", QUERY);
        CORPUS.put("EXPLAIN INSERT INTO T VALUES (9, 'x')", QUERY);
        CORPUS.put("SHOW TABLES", QUERY);
        CORPUS.put("SELECT * FROM T FOR UPDATE", WRITE);
        CORPUS.put("SELECT NEXT VALUE FOR S", WRITE);
        CORPUS.put("SELECT NEXTVAL('S')", WRITE);
        CORPUS.put("SELECT * FROM FINAL TABLE (INSERT INTO T VALUES (5, 'x'))", WRITE);
        CORPUS.put("SELECT ID FROM NEW TABLE (UPDATE T SET V = 'y' WHERE ID = 1)", WRITE);
        CORPUS.put("EXPLAIN ANALYZE UPDATE T SET V = 'z'", WRITE);
        CORPUS.put("EXPLAIN ANALYZE SELECT * FROM T", QUERY);
        CORPUS.put("INSERT INTO T VALUES (2, 'b')", WRITE);
        CORPUS.put("insert into t(id, v) select id + 100, v from t", WRITE);
        CORPUS.put("UPDATE T SET V = 'c' WHERE ID = 1", WRITE);
        CORPUS.put("DELETE FROM T WHERE ID = 99", WRITE);
        CORPUS.put("MERGE INTO T KEY(ID) VALUES (3, 'c')", WRITE);
        CORPUS.put("MERGE INTO T USING (SELECT 4 ID) S ON T.ID = S.ID WHEN NOT MATCHED THEN INSERT VALUES (4, 'd')",
                WRITE);
        CORPUS.put("CALL 1 + 1", WRITE);
        CORPUS.put("INSERT INTO T VALUES (6, 'f'); UPDATE T SET V = 'g' WHERE ID = 6", WRITE);
        CORPUS.put("CREATE TABLE U(ID INT)", DDL);
        CORPUS.put("ALTER TABLE T ADD COLUMN W INT", DDL);
        CORPUS.put("CREATE INDEX I ON T(V)", DDL);
        CORPUS.put("CREATE SEQUENCE S2", DDL);
        CORPUS.put("DROP TABLE IF EXISTS NOPE", DDL);
        CORPUS.put("TRUNCATE TABLE T", DDL);
        CORPUS.put("COMMENT ON TABLE T IS 'x'", DDL);
        CORPUS.put("ANALYZE", DDL);
        CORPUS.put("COMMIT", TRANSACTION);
        CORPUS.put("ROLLBACK", TRANSACTION);
        CORPUS.put("SET AUTOCOMMIT FALSE", TRANSACTION);
        CORPUS.put("SAVEPOINT SP1", TRANSACTION);
        CORPUS.put("SET SCHEMA PUBLIC", SESSION);
        CORPUS.put("SET TIME ZONE 'UTC'", SESSION);
        CORPUS.put("CHECKPOINT", LOCAL);
        CORPUS.put("SCRIPT NODATA", LOCAL);
        CORPUS.put("", LOCAL);
        CORPUS.put("-- only a comment", LOCAL);
        CORPUS.put("SHUTDOWN", REFUSED);
        CORPUS.put("RUNSCRIPT FROM 'nothing.sql'", REFUSED);
        CORPUS.put("CREATE TABLE V1(X INT); INSERT INTO V1 VALUES (1)", REFUSED);
        CORPUS.put("SET SCHEMA PUBLIC; INSERT INTO T VALUES (7, 'h')", REFUSED);
    }

    @Test
    void everyStatementGetsItsKind() {
        CORPUS.forEach((sql, kind) -> assertThat(Classifier.classify(sql).kind()).as(sql).isEqualTo(kind));
    }

    @Test
    void whatH2CallsAQueryIsAReadUnlessItChangesSomething() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:h2:mem:classifier", "sa", "");
             Statement st = c.createStatement()) {
            st.execute("CREATE TABLE T(ID INT PRIMARY KEY, V VARCHAR)");
            st.execute("CREATE TABLE Q(\"UPDATE\" INT)");
            st.execute("INSERT INTO T VALUES (1, 'a')");
            st.execute("CREATE SEQUENCE S");
            var session = ((JdbcConnection) c).getSession();
            for (Map.Entry<String, StatementKind> e : CORPUS.entrySet()) {
                String sql = e.getKey();
                if (e.getValue() == REFUSED || e.getValue() == LOCAL || sql.contains(";")) {
                    continue;
                }
                CommandInterface command = session.prepareCommand(sql);
                // H2 calls these queries, but they take sequence values, lock rows, change rows or may call a
                // function with side effects: they are replicated.
                boolean changes = sql.contains("NEXT") || sql.contains("FOR UPDATE") || sql.contains(" TABLE (")
                        || sql.contains("ANALYZE U") || sql.startsWith("CALL");
                boolean read = command.isQuery() && !changes;
                assertThat(Classifier.classify(sql).kind() == QUERY).as(sql + " (H2 command type "
                        + command.getCommandType() + ")").isEqualTo(read);
                command.close();
            }
        }
    }

    @Test
    void theLexerSkipsStringsQuotedNamesAndComments() {
        var statements = SqlLexer.statements("SELECT 'a;b', \"c;d\" FROM T /* ; */ -- ;\n WHERE X = 'it''s'; SELECT 2");
        assertThat(statements).hasSize(2);
        assertThat(statements.get(0)).extracting(SqlLexer.Token::type).containsExactly(SqlLexer.Type.WORD,
                SqlLexer.Type.STRING, SqlLexer.Type.SYMBOL, SqlLexer.Type.QUOTED, SqlLexer.Type.WORD, SqlLexer.Type.WORD,
                SqlLexer.Type.WORD, SqlLexer.Type.WORD, SqlLexer.Type.SYMBOL, SqlLexer.Type.STRING);
        assertThat(statements.get(0).get(9).text()).isEqualTo("'it''s'");
    }
}
