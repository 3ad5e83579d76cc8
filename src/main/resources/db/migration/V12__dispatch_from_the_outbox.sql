-- Dispatch from the outbox: each channel's dispatchers claim due PENDING notifications straight from this
-- table, highest priority first, then by due time (no channel queue in between). priority_rank orders
-- HIGH (0), NORMAL (1), LOW (2); due_at is when a notification may go: at once, a schedule (the review
-- reminder), quiet hours or a retry's back-off. retries counts the retries spent on transient failures
-- (waits for a provider that is down spend none).
ALTER TABLE notifications ADD COLUMN priority_rank SMALLINT NOT NULL DEFAULT 1;
ALTER TABLE notifications ADD COLUMN due_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE notifications ADD COLUMN retries INTEGER NOT NULL DEFAULT 0;
UPDATE notifications SET priority_rank = CASE priority WHEN 'HIGH' THEN 0 WHEN 'LOW' THEN 2 ELSE 1 END,
    due_at = COALESCE(not_before, created_at);
ALTER TABLE notifications ALTER COLUMN due_at SET NOT NULL;

-- The claim: one range scan per priority of a channel's due rows. The claim itself writes only claimed_by
-- and claimed_at, which no index holds, so PostgreSQL can make it a HOT update; the result is the row's
-- only other write. The indexes of the broker hop (published marks, claims by age) go.
DROP INDEX notifications_outbox_due;
DROP INDEX notifications_claims;
DROP INDEX notifications_by_status;
CREATE INDEX notifications_due ON notifications (status, channel, priority_rank, due_at, created_at);

-- An event's W3C trace context as its message carried it (with tracing on): a held event released by a later
-- batch plans its notifications in its own trace.
ALTER TABLE order_events ADD COLUMN traceparent VARCHAR(55);
ALTER TABLE order_events ADD COLUMN tracestate VARCHAR(512);

-- One row per channel, locked by each claim of the channel: the claims of one channel (two dispatchers, or two
-- instances) follow one another, so the frequency cap counts what the other one claimed a moment before.
CREATE TABLE dispatch_channels (
    channel VARCHAR(32) NOT NULL PRIMARY KEY
);
INSERT INTO dispatch_channels (channel) VALUES ('email'), ('sms'), ('webhook'), ('push');
