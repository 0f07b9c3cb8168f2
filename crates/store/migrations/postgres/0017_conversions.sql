-- Conversions reported from outside (a buyer's CRM, an affiliate
-- tracker) and notes on calls. Each campaign has a postback token that
-- lets a system report conversions of that campaign's calls without a
-- login; every report is kept (who, from where, before and after) and an
-- idempotency key makes a repeated report change nothing.
ALTER TABLE campaigns ADD COLUMN postback_token TEXT;
CREATE UNIQUE INDEX campaigns_postback_token ON campaigns (postback_token) WHERE postback_token IS NOT NULL;

CREATE TABLE call_conversions (
    id                 BIGSERIAL PRIMARY KEY,
    user_id            BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    call_id            BIGINT NOT NULL,
    -- postback (a campaign's token) or user (signed in)
    via                TEXT   NOT NULL,
    campaign_id        TEXT,
    address            TEXT,
    idempotency_key    TEXT,
    converted_before   BOOLEAN NOT NULL,
    converted_after    BOOLEAN NOT NULL,
    revenue_before_e4  BIGINT NOT NULL,
    revenue_after_e4   BIGINT NOT NULL,
    note               TEXT,
    created_at         BIGINT NOT NULL
);
CREATE UNIQUE INDEX call_conversions_key ON call_conversions (user_id, idempotency_key) WHERE idempotency_key IS NOT NULL;
CREATE INDEX call_conversions_call ON call_conversions (call_id, id);

CREATE TABLE call_tags (
    id         BIGSERIAL PRIMARY KEY,
    user_id    BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    call_id    BIGINT NOT NULL,
    tag        TEXT   NOT NULL,
    created_at BIGINT NOT NULL,
    UNIQUE (call_id, tag)
);
CREATE INDEX call_tags_user_tag ON call_tags (user_id, tag);
