package io.abcast.bench;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The bank workload: {@code ACCOUNT(ID INT PRIMARY KEY, BALANCE BIGINT)} with a number of accounts holding
 * {@value #INITIAL} each, and client threads ({@link BankClient}) moving money between them in transactions. Few
 * accounts make transfers collide often (high contention), many make it rare. At the end, on every database, each
 * balance must be what the committed transfers of every run (warm-up included) make it, hence the total the initial
 * one, and none negative.
 */
final class BankWorkload {

    /** Every account's balance at the start. */
    static final long INITIAL = 1_000;

    /** The read of a balance. */
    static final String SELECT = "SELECT BALANCE FROM ACCOUNT WHERE ID = ?";

    /** The write of a balance. */
    static final String UPDATE = "UPDATE ACCOUNT SET BALANCE = ? WHERE ID = ?";

    private final int accounts;
    /** Per account (by id), its balance once every transfer committed so far is applied. */
    private final long[] expected;

    BankWorkload(int accounts) {
        this.accounts = accounts;
        this.expected = new long[accounts + 1];
        Arrays.fill(expected, 1, accounts + 1, INITIAL);
    }

    /** The table and its accounts. */
    List<String> setUp() {
        return List.of("CREATE TABLE ACCOUNT(ID INT PRIMARY KEY, BALANCE BIGINT NOT NULL)",
                "INSERT INTO ACCOUNT(ID, BALANCE) SELECT X, " + INITIAL + " FROM SYSTEM_RANGE(1, " + accounts + ")");
    }

    /** Runs {@code threads} clients on the target's first connections for {@code limit}. */
    BankResult run(Target target, int threads, Duration limit) throws InterruptedException {
        AtomicReference<String> error = new AtomicReference<>();
        CountDownLatch go = new CountDownLatch(1);
        long[] deadline = new long[1];
        List<BankClient> clients = new ArrayList<>();
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            String name = "bench-bank-" + target.name() + "-" + t;
            BankClient client = new BankClient("thread " + t, target.connection(t), accounts, go, deadline, error);
            clients.add(client);
            Thread worker = new Thread(client, name);
            workers.add(worker);
            worker.start();
        }
        long start = System.nanoTime();
        deadline[0] = start + limit.toNanos();
        go.countDown();
        for (Thread worker : workers) {
            worker.join();
        }
        long nanos = System.nanoTime() - start;
        long commits = 0;
        long attempts = 0;
        long aborts = 0;
        long readOnly = 0;
        long gaveUp = 0;
        Map<String, Long> kinds = new TreeMap<>();
        Map<String, String> examples = new TreeMap<>();
        List<Latencies> committed = new ArrayList<>();
        List<Latencies> transfers = new ArrayList<>();
        for (BankClient c : clients) {
            commits += c.commits;
            attempts += c.attempts;
            aborts += c.aborts;
            readOnly += c.readOnly;
            gaveUp += c.gaveUp;
            c.abortKinds.forEach((k, n) -> kinds.merge(k, n, Long::sum));
            c.abortExamples.forEach(examples::putIfAbsent);
            committed.add(c.committed);
            for (int id = 1; id <= accounts; id++) {
                expected[id] += c.moved[id];
            }
            transfers.add(c.transfers);
        }
        long[] sorted = Latencies.sorted(committed);
        long[] whole = Latencies.sorted(transfers);
        return new BankResult(target.name(), threads, commits, attempts, aborts, readOnly, gaveUp, nanos,
                Latencies.percentile(sorted, 50), Latencies.percentile(sorted, 99), Latencies.percentile(whole, 99),
                kinds, examples, error.get());
    }

    /**
     * The check of one database: every account is there with the balance the committed transfers give it (so the
     * total is the initial one and no balance is negative). Call it once every client thread has stopped.
     */
    Target.CheckLine check(String where, Connection connection) throws SQLException {
        long count = 0;
        long total = 0;
        long min = Long.MAX_VALUE;
        long off = 0;
        StringBuilder firstOff = new StringBuilder();
        try (Statement st = connection.createStatement();
             ResultSet rs = st.executeQuery("SELECT ID, BALANCE FROM ACCOUNT ORDER BY ID")) {
            while (rs.next()) {
                int id = rs.getInt(1);
                long balance = rs.getLong(2);
                count++;
                total += balance;
                min = Math.min(min, balance);
                long want = id >= 1 && id <= accounts ? expected[id] : -1;
                if (balance != want) {
                    off++;
                    if (off <= 3) {
                        firstOff.append(" id ").append(id).append(": ").append(balance).append(" not ").append(want)
                                .append(';');
                    }
                }
            }
        }
        boolean ok = count == accounts && total == accounts * INITIAL && min >= 0 && off == 0;
        return new Target.CheckLine(ok, where + ": accounts=" + count + " total=" + total + " min=" + min
                + " balances off the committed transfers=" + off
                + (ok ? "" : " (expected accounts=" + accounts + " total=" + accounts * INITIAL + " min>=0 and none off;"
                + firstOff + ")"));
    }
}
