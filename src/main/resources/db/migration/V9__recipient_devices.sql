-- A recipient's push devices (PUT / DELETE /api/recipients/{id}/devices/{token}); a push notification fans
-- out to each. registered_at tells whether a provider's "unregistered since T" still applies to a token that
-- was registered again after T. Tokens are at most 512 characters (FCM's are about 160, APNs' 64), which
-- keeps the key within PostgreSQL's btree entry limit.
CREATE TABLE recipient_devices (
    recipient_id  VARCHAR(128)             NOT NULL,
    token         VARCHAR(512)             NOT NULL,
    platform      VARCHAR(16)              NOT NULL,
    registered_at TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (recipient_id, token)
);
