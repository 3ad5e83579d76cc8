-- A follow-up (planning an APPLIED event's notifications, copying a REJECTED one to the rejected queue)
-- that keeps failing is tried ordercast.tracking.follow-up.max-attempts times by the sweeper, then given
-- up: followed_up becomes TRUE and follow_up_error says why, so it shows in the order's timeline
-- instead of failing on every sweep forever.
ALTER TABLE order_events ADD COLUMN follow_up_attempts INTEGER NOT NULL DEFAULT 0;
ALTER TABLE order_events ADD COLUMN follow_up_error VARCHAR(1000);

-- GET /api/dead-letters?orderId=: the order's notifications come from notifications_by_order, their
-- dead letters from this index (there was none on notification_id).
CREATE INDEX dead_letters_by_notification ON dead_letters (notification_id, failed_at);
