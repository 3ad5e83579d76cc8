-- One row per order: its current state. Locked (SELECT ... FOR UPDATE) while an event of the
-- order is decided, so competing consumers and instances serialise per order.
CREATE TABLE orders (
    order_id        VARCHAR(64)              NOT NULL PRIMARY KEY,
    state           VARCHAR(32),             -- null until the order's first event is applied
    sequence        BIGINT                   NOT NULL DEFAULT 0,
    previous_state  VARCHAR(32),             -- the state before the current one: where a declined refund returns
    updated_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    version         BIGINT                   NOT NULL DEFAULT 0
);

-- Every event received, with its outcome: the order's timeline, and the idempotency record (event_id).
CREATE TABLE order_events (
    event_id        VARCHAR(128)             NOT NULL PRIMARY KEY,
    order_id        VARCHAR(64)              NOT NULL,
    state           VARCHAR(32)              NOT NULL,
    sequence        BIGINT,
    occurred_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    outcome         VARCHAR(16)              NOT NULL,
    from_state      VARCHAR(32),             -- the order's state when the event was applied
    reason          VARCHAR(1000),
    was_held        BOOLEAN                  NOT NULL DEFAULT FALSE,
    followed_up     BOOLEAN                  NOT NULL DEFAULT TRUE, -- false: notifications or rejected copy still to do
    received_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    decided_at      TIMESTAMP WITH TIME ZONE,
    payload         VARCHAR(262144)          NOT NULL
);
CREATE INDEX order_events_by_order ON order_events (order_id, received_at);
CREATE INDEX order_events_by_outcome ON order_events (outcome, received_at);
CREATE INDEX order_events_follow_up ON order_events (followed_up, decided_at);

-- Planned notifications; status PENDING rows are the outbox of the delivery stage.
CREATE TABLE notifications (
    notification_id VARCHAR(36)              NOT NULL PRIMARY KEY,
    order_id        VARCHAR(64)              NOT NULL,
    event_id        VARCHAR(128)             NOT NULL,
    recipient       VARCHAR(200)             NOT NULL,
    channel         VARCHAR(32)              NOT NULL,
    template        VARCHAR(100)             NOT NULL,
    locale          VARCHAR(35)              NOT NULL,
    priority        VARCHAR(8)               NOT NULL,
    status          VARCHAR(16)              NOT NULL,
    attempts        INTEGER                  NOT NULL DEFAULT 0,
    last_error      VARCHAR(1000),
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at      TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX notifications_by_order ON notifications (order_id, created_at);
CREATE INDEX notifications_by_status ON notifications (status, created_at);
