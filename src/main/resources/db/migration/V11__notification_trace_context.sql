-- With tracing on, the W3C trace context of the planning step, so that a notification the relay publishes later
-- (scheduled, deferred, or its first publish lost) continues the trace of the event that planned it. Null with
-- tracing off.
ALTER TABLE notifications ADD COLUMN traceparent VARCHAR(55);
ALTER TABLE notifications ADD COLUMN tracestate VARCHAR(512);
