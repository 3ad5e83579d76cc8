-- PostgreSQL only. The members of a digest, read when it is sent: a partial index, so the notifications that are in
-- no digest (all of them, with the default plan) cost the hot path no index entry.
CREATE INDEX notifications_digest_members ON notifications (digest_id) WHERE digest_id IS NOT NULL;
