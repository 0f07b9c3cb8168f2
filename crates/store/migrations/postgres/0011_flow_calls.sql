-- A campaign may run a published call flow before routing; a call that
-- runs one keeps its place in it (node, variables, path: the flows
-- crate's Run as JSON), numbered by the answers given so far.
ALTER TABLE campaigns ADD COLUMN call_flow_id BIGINT REFERENCES call_flows (id);
ALTER TABLE calls ADD COLUMN call_flow_id BIGINT;
ALTER TABLE calls ADD COLUMN flow_version BIGINT;
ALTER TABLE calls ADD COLUMN flow_seq BIGINT NOT NULL DEFAULT 0;
ALTER TABLE calls ADD COLUMN flow_run TEXT;
CREATE INDEX calls_flow ON calls (call_flow_id, created_at) WHERE call_flow_id IS NOT NULL;
