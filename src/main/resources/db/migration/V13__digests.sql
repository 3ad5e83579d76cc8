-- Digests: a plan line with digest=<window> gathers a recipient's notifications of that line into one message.
-- A row per window of (recipient, channel, template); window_round counts the windows of that key, so a window's
-- id is deterministic (two instances opening the same window insert the same row, once). OPEN takes members
-- until window_end or max-items; FULL takes none (sent at once); CLOSED is claimed for sending.
CREATE TABLE digests (
    digest_id    VARCHAR(36)              NOT NULL PRIMARY KEY,
    recipient    VARCHAR(200)             NOT NULL,
    channel      VARCHAR(32)              NOT NULL,
    template     VARCHAR(100)             NOT NULL,
    window_round BIGINT                   NOT NULL,
    window_start TIMESTAMP WITH TIME ZONE NOT NULL,
    window_end   TIMESTAMP WITH TIME ZONE NOT NULL,
    items        INTEGER                  NOT NULL DEFAULT 0,
    status       VARCHAR(16)              NOT NULL,
    updated_at   TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE UNIQUE INDEX digests_by_recipient ON digests (recipient, channel, template, window_round);

-- A notification in a digest names it; the digest's own outbox row names itself. Members wait with no due time
-- (never claimed on their own): the digest's row is the one the channel's dispatchers claim.
ALTER TABLE notifications ADD COLUMN digest_id VARCHAR(36);
ALTER TABLE notifications ALTER COLUMN due_at DROP NOT NULL;
