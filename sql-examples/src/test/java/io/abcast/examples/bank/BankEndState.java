package io.abcast.examples.bank;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bank's expected end state, checked on a replica's rows ({@code TableRows.all}) in Java, apart from the
 * scenario's own SQL: the accounts hold all the money, none is negative, each balance is what the logged transfers
 * make of its opening balance, and the log holds exactly the committed transfers, each once.
 */
final class BankEndState {

    private BankEndState() {
    }

    static void assertHolds(BankPlan plan, Map<String, List<List<Object>>> rows, long committed) {
        List<List<Object>> accounts = rows.get("ACCOUNT"); // ID, OWNER, BALANCE
        List<List<Object>> transfers = rows.get("TRANSFER"); // NODE, CLIENT, SEQ, FROM_ID, TO_ID, AMOUNT
        assertThat(accounts).as("accounts").hasSize(plan.accounts());
        assertThat(transfers).as("transfer log rows: one per committed transfer").hasSize((int) committed);

        Map<Integer, Long> expected = new HashMap<>();
        accounts.forEach(a -> expected.put((Integer) a.get(0), plan.balance()));
        Set<List<Object>> names = new HashSet<>();
        for (List<Object> t : transfers) {
            assertThat(names.add(t.subList(0, 3))).as("transfer %s logged once", t.subList(0, 3)).isTrue();
            long amount = (Long) t.get(5);
            assertThat(amount).isBetween(1L, (long) BankPlan.MAX_AMOUNT);
            expected.merge((Integer) t.get(3), -amount, Long::sum);
            expected.merge((Integer) t.get(4), amount, Long::sum);
        }
        long total = 0;
        for (List<Object> a : accounts) {
            long balance = (Long) a.get(2);
            total += balance;
            assertThat(balance).as("balance of account %s", a.get(0)).isNotNegative()
                    .isEqualTo(expected.get((Integer) a.get(0)));
        }
        assertThat(total).as("money in the bank").isEqualTo(plan.total());
    }
}
