-- The bank scenario's schema. Every statement here is one replicated command.
-- There is deliberately no CHECK (BALANCE >= 0): that no balance goes negative, and that money is neither made
-- nor lost, is what the clients' transactions (read both balances, write both) must get right, and what the run
-- checks.

CREATE TABLE ACCOUNT (
    ID INT PRIMARY KEY,
    OWNER VARCHAR(40) NOT NULL,
    BALANCE BIGINT NOT NULL
);

-- One row per committed transfer, written in the transfer's own transaction. (NODE, CLIENT, SEQ) names the
-- transfer, so one applied twice would fail on the key instead of moving the money twice.
CREATE TABLE TRANSFER (
    NODE VARCHAR(20) NOT NULL,
    CLIENT INT NOT NULL,
    SEQ INT NOT NULL,
    FROM_ID INT NOT NULL REFERENCES ACCOUNT(ID),
    TO_ID INT NOT NULL REFERENCES ACCOUNT(ID),
    AMOUNT BIGINT NOT NULL,
    PRIMARY KEY (NODE, CLIENT, SEQ)
);
