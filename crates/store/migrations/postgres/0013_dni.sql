-- Dynamic number insertion. A tracking tag is the website's snippet: the
-- campaign it tracks, where its numbers come from (a pool leased per
-- visitor session, or one static number) and how the page is changed.
-- Its code is unique on the whole platform: the public track endpoint
-- finds the tag by it, before any account is known.
CREATE TABLE tracking_tags (
    id                      BIGSERIAL PRIMARY KEY,
    user_id                 BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    tag_code                TEXT   NOT NULL,
    name                    TEXT   NOT NULL,
    description             TEXT,
    campaign_id             TEXT REFERENCES campaigns (id),
    status                  TEXT   NOT NULL,
    number_source           TEXT   NOT NULL,
    pool_id                 BIGINT REFERENCES number_pools (id) ON DELETE SET NULL,
    static_number_id        BIGINT REFERENCES phone_numbers (id) ON DELETE SET NULL,
    fallback_number         TEXT,
    attribution_window_days BIGINT NOT NULL,
    session_minutes         BIGINT NOT NULL,
    -- The rest of the settings (selectors, formats, rules, domains,
    -- consent, attribution model) as JSON.
    settings                TEXT   NOT NULL,
    last_seen_url           TEXT,
    last_seen_at            BIGINT,
    exhausted_count         BIGINT NOT NULL DEFAULT 0,
    last_exhausted_at       BIGINT,
    created_at              BIGINT NOT NULL,
    updated_at              BIGINT NOT NULL,
    deleted_at              BIGINT
);
CREATE UNIQUE INDEX tracking_tags_code ON tracking_tags (lower(tag_code)) WHERE deleted_at IS NULL;
CREATE INDEX tracking_tags_user ON tracking_tags (user_id, deleted_at);

-- A visitor's session on a tagged site: where it came from and the
-- number it was shown (held from leased_at to lease_until).
CREATE TABLE dni_sessions (
    id              BIGSERIAL PRIMARY KEY,
    user_id         BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    tag_id          BIGINT NOT NULL REFERENCES tracking_tags (id) ON DELETE CASCADE,
    session_id      TEXT   NOT NULL,
    visitor_id      TEXT,
    phone_number_id BIGINT,
    phone_number    TEXT,
    leased_at       BIGINT,
    lease_until     BIGINT,
    utm_source      TEXT,
    utm_medium      TEXT,
    utm_campaign    TEXT,
    utm_term        TEXT,
    utm_content     TEXT,
    gclid           TEXT,
    gbraid          TEXT,
    wbraid          TEXT,
    fbclid          TEXT,
    msclkid         TEXT,
    referrer        TEXT,
    landing_page    TEXT,
    user_agent      TEXT,
    ip_prefix       TEXT,
    first_visit     BIGINT NOT NULL,
    last_visit      BIGINT NOT NULL,
    page_views      BIGINT NOT NULL DEFAULT 1,
    UNIQUE (tag_id, session_id)
);
CREATE INDEX dni_sessions_number ON dni_sessions (phone_number_id, leased_at);
CREATE INDEX dni_sessions_user ON dni_sessions (user_id, first_visit);

-- Who holds each pool number: one row per number ever leased. A number is
-- held while expires_at is ahead, and free again after a cool-down; a
-- lease is taken by one conditional write on this row, so two live
-- sessions can never hold the same number.
CREATE TABLE dni_leases (
    phone_number_id BIGINT PRIMARY KEY REFERENCES phone_numbers (id) ON DELETE CASCADE,
    user_id         BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    session_row     BIGINT NOT NULL,
    leased_at       BIGINT NOT NULL,
    expires_at      BIGINT NOT NULL
);
