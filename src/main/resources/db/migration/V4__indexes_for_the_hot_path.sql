-- Indexes that match the hot path's queries, so that their cost follows what they return and not
-- the size of the table (docs/performance.md).

-- The relay: PENDING rows not yet published, either planned before the grace period (not_before
-- NULL, by created_at) or scheduled and due (by not_before). Replaces (status, published_at), which
-- made the relay read every waiting review reminder on every pass.
DROP INDEX notifications_outbox;
CREATE INDEX notifications_outbox_due ON notifications (status, published_at, not_before, created_at);

-- The relay's look for abandoned claims: PENDING rows claimed before the claim timeout.
CREATE INDEX notifications_claims ON notifications (status, claimed_at);

-- The frequency cap: a recipient's SENT notifications on a channel since a moment, counted from the
-- index alone, up to the cap.
DROP INDEX notifications_by_recipient;
CREATE INDEX notifications_by_recipient ON notifications (recipient, channel, status, sent_at);

-- Tracking: an order's held events, looked at after every applied event. By order first, so that many
-- held events of other orders (a burst out of order) never add to one order's cost, whatever the
-- statistics say about how rare HELD is.
CREATE INDEX order_events_held_by_order ON order_events (order_id, outcome);
