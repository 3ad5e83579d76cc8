-- Delivery: the notifications table is the outbox. A PENDING row is published to its channel queue
-- (published_at), claimed by one channel consumer (claimed_at) and ends SENT, FAILED or SUPPRESSED.
-- not_before holds back scheduled (review reminder) and deferred (quiet hours) notifications.
ALTER TABLE notifications ADD COLUMN not_before TIMESTAMP WITH TIME ZONE;
ALTER TABLE notifications ADD COLUMN published_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE notifications ADD COLUMN claimed_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE notifications ADD COLUMN sent_at TIMESTAMP WITH TIME ZONE;
CREATE INDEX notifications_outbox ON notifications (status, published_at);
CREATE INDEX notifications_by_recipient ON notifications (recipient, channel, sent_at);

-- What a recipient (buyer or seller id) asked for: channels opted out of, and quiet hours.
CREATE TABLE recipient_preferences (
    recipient_id    VARCHAR(128)             NOT NULL PRIMARY KEY,
    opt_out         VARCHAR(200)             NOT NULL DEFAULT '',
    quiet_start     VARCHAR(5),
    quiet_end       VARCHAR(5),
    quiet_zone      VARCHAR(64),
    updated_at      TIMESTAMP WITH TIME ZONE NOT NULL
);
