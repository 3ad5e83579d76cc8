-- A later event's cancel of an order's pending notifications from one template (the review reminder when
-- a refund is requested). The event that planned the reminder may be followed up after the cancel ran
-- (two consumers, one order); the reminder is then planned SUPPRESSED with this reason, never sent.
CREATE TABLE notification_cancels (
    order_id    VARCHAR(64)              NOT NULL,
    template    VARCHAR(100)             NOT NULL,
    event_id    VARCHAR(128)             NOT NULL,
    sequence    BIGINT,
    occurred_at TIMESTAMP WITH TIME ZONE NOT NULL,
    reason      VARCHAR(1000)            NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (order_id, template, event_id)
);
