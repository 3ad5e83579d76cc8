-- Which running instance holds a notification's claim, and which instances are alive: a claim held by
-- an instance that stopped beating (killed) is taken over at once, not after ordercast.notify.claim-timeout.
CREATE TABLE ordercast_instances (
    instance_id VARCHAR(36) PRIMARY KEY,
    started_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    seen_at     TIMESTAMP WITH TIME ZONE NOT NULL
);
ALTER TABLE notifications ADD COLUMN claimed_by VARCHAR(36);
