-- Notifications whose retries ran out (or that failed permanently), with the original channel message,
-- its headers, the error and the attempts, until an operator replays them.
CREATE TABLE dead_letters (
    id              VARCHAR(36)              NOT NULL PRIMARY KEY,
    queue           VARCHAR(200)             NOT NULL,
    channel         VARCHAR(32)              NOT NULL,
    notification_id VARCHAR(36),
    payload         VARCHAR(262144)          NOT NULL,
    headers         VARCHAR(20000)           NOT NULL,
    error           VARCHAR(1000)            NOT NULL,
    attempts        INTEGER                  NOT NULL,
    failed_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    replayed_at     TIMESTAMP WITH TIME ZONE,
    replay_result   VARCHAR(200)
);
CREATE INDEX dead_letters_by_channel ON dead_letters (channel, failed_at);
