-- Call flows (IVR): a draft each, edited freely, and the versions
-- published from it, frozen and numbered from 1. The graph is the
-- builder's JSON (see the flows crate). A deleted flow keeps its versions
-- (calls that ran them name them) and frees its name.
CREATE TABLE call_flows (
    id                BIGSERIAL PRIMARY KEY,
    user_id           BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name              TEXT   NOT NULL,
    description       TEXT,
    draft             TEXT   NOT NULL,
    published_version BIGINT,
    created_at        BIGINT NOT NULL,
    updated_at        BIGINT NOT NULL,
    deleted_at        BIGINT
);
CREATE UNIQUE INDEX call_flows_name_key ON call_flows (user_id, lower(name)) WHERE deleted_at IS NULL;
CREATE INDEX call_flows_user ON call_flows (user_id, deleted_at);

CREATE TABLE call_flow_versions (
    flow_id      BIGINT NOT NULL REFERENCES call_flows (id) ON DELETE CASCADE,
    user_id      BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    version      BIGINT NOT NULL,
    graph        TEXT   NOT NULL,
    note         TEXT,
    published_at BIGINT NOT NULL,
    PRIMARY KEY (flow_id, version)
);
