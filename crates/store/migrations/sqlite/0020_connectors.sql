-- Connectors: an endpoint of kind 'connector' sends call events to a
-- vendor's own API (HubSpot, Salesforce, Pipedrive, GA4, Meta, Google
-- Ads). `connector` names the vendor, `settings` holds its non-secret
-- settings and field mapping (JSON), `credentials` its secrets (JSON,
-- never returned by the API). Webhooks may have a body template too
-- (body_template, already there for pixels).
ALTER TABLE webhook_endpoints ADD COLUMN connector TEXT;
ALTER TABLE webhook_endpoints ADD COLUMN settings TEXT NOT NULL DEFAULT '{}';
ALTER TABLE webhook_endpoints ADD COLUMN credentials TEXT;

-- The Google Analytics client id of a web visit (from the _ga cookie),
-- for GA4 events of its calls.
ALTER TABLE dni_sessions ADD COLUMN ga_client_id TEXT;
