-- Campaigns, buyers, number pools, phone numbers and their assignments.
-- A phone number belongs to at most one pool (phone_numbers.pool_id) and is
-- assigned to at most one campaign (phone_numbers.campaign_id): single
-- columns, so exclusivity is a property of the schema, and assignments are
-- conditional updates (`… WHERE campaign_id IS NULL`), so of two concurrent
-- requests exactly one wins.

CREATE TABLE number_pools (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id     BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name        TEXT   NOT NULL,
    description TEXT,
    country     TEXT   NOT NULL DEFAULT 'US',
    status      TEXT   NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'inactive')),
    created_at  BIGINT NOT NULL,
    updated_at  BIGINT NOT NULL
);
CREATE UNIQUE INDEX number_pools_name_key ON number_pools (user_id, lower(name));

ALTER TABLE campaigns ADD COLUMN pool_id BIGINT REFERENCES number_pools (id);
ALTER TABLE campaigns ADD COLUMN pool_strategy TEXT NOT NULL DEFAULT 'round_robin';
ALTER TABLE campaigns ADD COLUMN call_routing_strategy TEXT NOT NULL DEFAULT 'priority';
ALTER TABLE campaigns ADD COLUMN max_concurrent_calls BIGINT;
ALTER TABLE campaigns ADD COLUMN hourly_cap BIGINT;
ALTER TABLE campaigns ADD COLUMN call_cap BIGINT;
ALTER TABLE campaigns ADD COLUMN monthly_cap BIGINT;
ALTER TABLE campaigns ADD COLUMN call_timeout BIGINT NOT NULL DEFAULT 30;
ALTER TABLE campaigns ADD COLUMN time_zone TEXT NOT NULL DEFAULT 'UTC';
ALTER TABLE campaigns ADD COLUMN duplicate_caller_window_secs BIGINT NOT NULL DEFAULT 0;
ALTER TABLE campaigns ADD COLUMN duplicate_caller_action TEXT NOT NULL DEFAULT 'route_unpaid';
ALTER TABLE campaigns ADD COLUMN min_duration_secs BIGINT NOT NULL DEFAULT 60;
ALTER TABLE campaigns ADD COLUMN fallback_number TEXT;
ALTER TABLE campaigns ADD COLUMN fallback_message TEXT;
ALTER TABLE campaigns ADD COLUMN recording_enabled BOOLEAN NOT NULL DEFAULT TRUE;
ALTER TABLE campaigns ADD COLUMN transcription_enabled BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE campaigns ADD COLUMN webhook_url TEXT;
ALTER TABLE campaigns ADD COLUMN tracking_pixel_url TEXT;
ALTER TABLE campaigns ADD COLUMN rtb_auction_timeout_ms BIGINT NOT NULL DEFAULT 3000;
ALTER TABLE campaigns ADD COLUMN rtb_min_bid_e4 BIGINT NOT NULL DEFAULT 0;
ALTER TABLE campaigns ADD COLUMN rtb_currency TEXT NOT NULL DEFAULT 'USD';
ALTER TABLE campaigns ADD COLUMN rtb_fallback TEXT NOT NULL DEFAULT 'buyers';
CREATE INDEX campaigns_user_created ON campaigns (user_id, created_at);
CREATE INDEX campaigns_pool ON campaigns (pool_id);

CREATE TABLE buyers (
    id                   INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id              BIGINT  NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name                 TEXT    NOT NULL,
    company              TEXT,
    email                TEXT,
    phone                TEXT    NOT NULL,
    backup_phone         TEXT,
    priority             BIGINT  NOT NULL DEFAULT 5 CHECK (priority BETWEEN 1 AND 10),
    status               TEXT    NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'inactive', 'paused')),
    max_concurrent_calls BIGINT,
    hourly_cap           BIGINT,
    daily_cap            BIGINT,
    monthly_cap          BIGINT,
    time_zone            TEXT    NOT NULL DEFAULT 'UTC',
    schedule             TEXT    NOT NULL DEFAULT '{"enabled":false,"hours":{},"holidays":[],"breaks":[]}',
    payout_e4            BIGINT  NOT NULL DEFAULT 0,
    created_at           BIGINT  NOT NULL,
    updated_at           BIGINT  NOT NULL,
    deleted_at           BIGINT
);
CREATE INDEX buyers_user ON buyers (user_id, deleted_at);

CREATE TABLE campaign_buyers (
    id                   INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id              BIGINT  NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    campaign_id          TEXT    NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
    buyer_id             BIGINT  NOT NULL REFERENCES buyers (id) ON DELETE CASCADE,
    priority             BIGINT  NOT NULL DEFAULT 5 CHECK (priority BETWEEN 1 AND 10),
    weight               BIGINT  NOT NULL DEFAULT 1 CHECK (weight BETWEEN 1 AND 100),
    max_concurrent_calls BIGINT,
    hourly_cap           BIGINT,
    daily_cap            BIGINT,
    monthly_cap          BIGINT,
    status               TEXT    NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'paused')),
    created_at           BIGINT  NOT NULL
);
CREATE UNIQUE INDEX campaign_buyers_pair_key ON campaign_buyers (campaign_id, buyer_id);
CREATE INDEX campaign_buyers_buyer ON campaign_buyers (buyer_id);

CREATE TABLE phone_numbers (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id          BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    phone_number     TEXT   NOT NULL, -- E.164
    friendly_name    TEXT,
    country          TEXT   NOT NULL DEFAULT 'US',
    type             TEXT   NOT NULL DEFAULT 'local' CHECK (type IN ('local', 'toll_free', 'mobile')),
    status           TEXT   NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'inactive', 'suspended')),
    twilio_sid       TEXT,
    campaign_id      TEXT   REFERENCES campaigns (id),
    pool_id          BIGINT REFERENCES number_pools (id),
    created_at       BIGINT NOT NULL,
    updated_at       BIGINT NOT NULL
);
-- A number exists once on the whole platform: the carrier routes it to one place.
CREATE UNIQUE INDEX phone_numbers_phone_number_key ON phone_numbers (phone_number);
CREATE INDEX phone_numbers_user ON phone_numbers (user_id, created_at);
CREATE INDEX phone_numbers_campaign ON phone_numbers (campaign_id);
CREATE INDEX phone_numbers_pool ON phone_numbers (pool_id);

CREATE TABLE number_assignments (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id         BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    phone_number_id BIGINT NOT NULL REFERENCES phone_numbers (id) ON DELETE CASCADE,
    action          TEXT   NOT NULL CHECK (action IN ('added_to_pool', 'removed_from_pool', 'assigned', 'released')),
    campaign_id     TEXT,
    pool_id         BIGINT,
    at              BIGINT NOT NULL
);
CREATE INDEX number_assignments_number ON number_assignments (phone_number_id, at);
