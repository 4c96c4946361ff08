package io.abcast.examples.bank;

import io.abcast.examples.cluster.Fields;
import io.abcast.examples.cluster.PlannedScenario;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The bank workload, decided in advance from five numbers so that every process derives the same: {@code nodes}
 * replicas, each serving {@code clients} clients; each client makes {@code transfers} transfers, one after the
 * other, between the {@code accounts} accounts, which all open with {@code balance}. Which accounts and how much
 * (1 to {@value #MAX_AMOUNT}) is drawn from a generator seeded by the node and the client; only the interleaving,
 * and so which transfers conflict or find too little money, is left to the cluster.
 *
 * <p>Immutable.
 */
public record BankPlan(int nodes, int clients, int transfers, int accounts, long balance)
        implements PlannedScenario.Plan {

    /** The largest amount one transfer moves. */
    public static final int MAX_AMOUNT = 100;

    /** One transfer: {@code amount} from account {@code from} to account {@code to} (ids from 1). */
    public record Transfer(int from, int to, long amount) {
    }

    public BankPlan {
        if (nodes < 1 || clients < 1 || transfers < 1 || accounts < 2 || balance < 0) {
            throw new IllegalArgumentException("nodes, clients and transfers must be at least 1, accounts at least 2, "
                    + "balance at least 0: nodes=" + nodes + ", clients=" + clients + ", transfers=" + transfers
                    + ", accounts=" + accounts + ", balance=" + balance);
        }
    }

    /** The plan from its {@link #args}. */
    public static BankPlan parse(Fields f) {
        return new BankPlan((int) f.number("nodes"), (int) f.number("clients"), (int) f.number("transfers"),
                (int) f.number("accounts"), f.number("balance"));
    }

    /** The transfers each client makes. */
    @Override
    public int operations() {
        return transfers;
    }

    /** The plan as {@code key=value} arguments. */
    @Override
    public List<String> args() {
        return List.of("nodes=" + nodes, "clients=" + clients, "transfers=" + transfers, "accounts=" + accounts,
                "balance=" + balance);
    }

    /** The money in the bank: every account's opening balance. */
    public long total() {
        return accounts * balance;
    }

    /** The transfers client {@code client} of node {@code node} makes, in order. */
    public List<Transfer> transfersOf(int node, int client) {
        SplittableRandom random = new SplittableRandom(node * 1_000_003L + client);
        List<Transfer> list = new ArrayList<>(transfers);
        for (int i = 0; i < transfers; i++) {
            int from = random.nextInt(1, accounts + 1);
            int to = random.nextInt(1, accounts);
            if (to >= from) {
                to++;
            }
            list.add(new Transfer(from, to, random.nextInt(1, MAX_AMOUNT + 1)));
        }
        return list;
    }

    @Override
    public String toString() {
        return nodes + " nodes x " + clients + " clients x " + transfers + " transfers between " + accounts
                + " accounts of " + balance;
    }
}
