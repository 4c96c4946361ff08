-- The inventory scenario's schema. Every statement here is one replicated command.
-- There is deliberately no CHECK (QTY >= 0) on STOCK: that stock never goes below zero (nothing is sold twice) is
-- what the orders' conditional UPDATE must get right in the total order, and what the run checks.

CREATE TABLE PRODUCT (
    ID INT PRIMARY KEY,
    NAME VARCHAR(40) NOT NULL,
    INITIAL_QTY INT NOT NULL
);

CREATE TABLE STOCK (
    ID INT PRIMARY KEY REFERENCES PRODUCT(ID),
    QTY INT NOT NULL
);

-- One row per order, accepted (the stock was reserved) or rejected (too little stock). (NODE, CLIENT, SEQ) names
-- the order, so one recorded twice would fail on the key.
CREATE TABLE ORDERS (
    NODE VARCHAR(20) NOT NULL,
    CLIENT INT NOT NULL,
    SEQ INT NOT NULL,
    PRODUCT_ID INT NOT NULL REFERENCES PRODUCT(ID),
    QTY INT NOT NULL,
    STATUS VARCHAR(10) NOT NULL CHECK (STATUS IN ('ACCEPTED', 'REJECTED')),
    PRIMARY KEY (NODE, CLIENT, SEQ)
);

-- One row per restock, written in the same batch (one command) as the stock it adds.
CREATE TABLE RESTOCK (
    NODE VARCHAR(20) NOT NULL,
    CLIENT INT NOT NULL,
    SEQ INT NOT NULL,
    PRODUCT_ID INT NOT NULL REFERENCES PRODUCT(ID),
    QTY INT NOT NULL,
    PRIMARY KEY (NODE, CLIENT, SEQ)
);
