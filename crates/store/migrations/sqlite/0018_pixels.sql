-- Pixels (postbacks): an endpoint of kind 'pixel' fires a templated
-- request (method, URL and body with [tokens]) on call events, for one
-- campaign or the whole account, when its conditions hold, at most
-- max_fires times per call. Its firings are messages like a webhook's,
-- with the request rendered when the event is dispatched.
ALTER TABLE webhook_endpoints ADD COLUMN kind TEXT NOT NULL DEFAULT 'webhook';
ALTER TABLE webhook_endpoints ADD COLUMN name TEXT;
ALTER TABLE webhook_endpoints ADD COLUMN method TEXT NOT NULL DEFAULT 'POST';
ALTER TABLE webhook_endpoints ADD COLUMN body_template TEXT;
ALTER TABLE webhook_endpoints ADD COLUMN basic_auth TEXT;
ALTER TABLE webhook_endpoints ADD COLUMN conditions TEXT NOT NULL DEFAULT '[]';
ALTER TABLE webhook_endpoints ADD COLUMN max_fires BIGINT;

ALTER TABLE webhook_messages ADD COLUMN request_url TEXT;
ALTER TABLE webhook_messages ADD COLUMN request_method TEXT;
ALTER TABLE webhook_messages ADD COLUMN call_id BIGINT;
CREATE INDEX webhook_messages_endpoint_call ON webhook_messages (endpoint_id, call_id) WHERE call_id IS NOT NULL;
