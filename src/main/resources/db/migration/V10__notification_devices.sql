-- A push notification goes to one device: the token it was planned for (null for every other channel). The
-- device's platform is read from recipient_devices when it is sent, so a device forgotten in between is not sent to.
ALTER TABLE notifications ADD COLUMN device_token VARCHAR(512);
