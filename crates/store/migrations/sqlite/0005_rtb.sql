-- Real-time bidding: external bidders (rtb_targets), which campaigns ping
-- them (campaign_rtb_targets), and every auction with one row per bidder
-- pinged (rtb_bid_requests, rtb_bid_responses).
-- auth_secret holds the API key, bearer token or basic password; the API
-- never returns it (only a masked hint), and it is never logged.
-- Caps are NULL for "no limit". Bid amounts are BIGINT ten-thousandths.

CREATE TABLE rtb_targets (
    id                   INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id              BIGINT  NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name                 TEXT    NOT NULL,
    company              TEXT,
    contact_email        TEXT,
    contact_phone        TEXT,
    endpoint_url         TEXT    NOT NULL,
    request_method       TEXT    NOT NULL DEFAULT 'POST' CHECK (request_method IN ('POST', 'GET', 'PUT')),
    content_type         TEXT    NOT NULL DEFAULT 'json' CHECK (content_type IN ('json', 'xml', 'form')),
    auth_type            TEXT    NOT NULL DEFAULT 'none' CHECK (auth_type IN ('none', 'api_key', 'bearer', 'basic')),
    auth_header          TEXT,
    auth_username        TEXT,
    auth_secret          TEXT,
    custom_headers       TEXT    NOT NULL DEFAULT '{}',
    request_template     TEXT    NOT NULL,
    bid_amount_path      TEXT    NOT NULL DEFAULT 'bidAmount',
    destination_path     TEXT    NOT NULL DEFAULT 'destinationNumber',
    acceptance_path      TEXT,
    currency_path        TEXT,
    timeout_ms           BIGINT  NOT NULL DEFAULT 5000 CHECK (timeout_ms BETWEEN 100 AND 10000),
    max_concurrent_calls BIGINT,
    hourly_cap           BIGINT,
    daily_cap            BIGINT,
    min_bid_e4           BIGINT  NOT NULL DEFAULT 0,
    max_bid_e4           BIGINT  NOT NULL DEFAULT 10000000,
    currency             TEXT    NOT NULL DEFAULT 'USD',
    status               TEXT    NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'inactive', 'testing')),
    created_at           BIGINT  NOT NULL,
    updated_at           BIGINT  NOT NULL,
    deleted_at           BIGINT,
    CHECK (min_bid_e4 >= 0 AND min_bid_e4 <= max_bid_e4)
);
CREATE INDEX rtb_targets_user ON rtb_targets (user_id, deleted_at, created_at);

CREATE TABLE campaign_rtb_targets (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id       BIGINT  NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    campaign_id   TEXT    NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
    rtb_target_id BIGINT  NOT NULL REFERENCES rtb_targets (id) ON DELETE CASCADE,
    priority      BIGINT  NOT NULL DEFAULT 5 CHECK (priority BETWEEN 1 AND 10),
    enabled       BOOLEAN NOT NULL DEFAULT TRUE,
    created_at    BIGINT  NOT NULL
);
CREATE UNIQUE INDEX campaign_rtb_targets_pair_key ON campaign_rtb_targets (campaign_id, rtb_target_id);
CREATE INDEX campaign_rtb_targets_target ON campaign_rtb_targets (rtb_target_id);

CREATE TABLE rtb_bid_requests (
    id                       INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id                  BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    request_id               TEXT   NOT NULL,
    campaign_id              TEXT   NOT NULL REFERENCES campaigns (id),
    call_sid                 TEXT,
    call_start_time          BIGINT NOT NULL,
    caller_number            TEXT,
    inbound_number           TEXT,
    caller_state             TEXT,
    caller_city              TEXT,
    caller_zip               TEXT,
    total_targets            BIGINT NOT NULL DEFAULT 0,
    successful_responses     BIGINT NOT NULL DEFAULT 0,
    failed_responses         BIGINT NOT NULL DEFAULT 0,
    timeout_responses        BIGINT NOT NULL DEFAULT 0,
    total_response_time_ms   BIGINT NOT NULL DEFAULT 0,
    average_response_time_ms BIGINT NOT NULL DEFAULT 0,
    winning_bid_e4           BIGINT,
    winning_target_id        BIGINT REFERENCES rtb_targets (id),
    winning_destination      TEXT,
    auction_status           TEXT   NOT NULL DEFAULT 'pending' CHECK (auction_status IN ('pending', 'won', 'no_winner', 'error')),
    created_at               BIGINT NOT NULL,
    completed_at             BIGINT
);
CREATE UNIQUE INDEX rtb_bid_requests_request_id_key ON rtb_bid_requests (request_id);
CREATE INDEX rtb_bid_requests_user_created ON rtb_bid_requests (user_id, created_at);
CREATE INDEX rtb_bid_requests_user_campaign_created ON rtb_bid_requests (user_id, campaign_id, created_at);
CREATE INDEX rtb_bid_requests_call_sid ON rtb_bid_requests (call_sid);

CREATE TABLE rtb_bid_responses (
    id                 INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id            BIGINT  NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    bid_request_id     BIGINT  NOT NULL REFERENCES rtb_bid_requests (id) ON DELETE CASCADE,
    rtb_target_id      BIGINT  NOT NULL REFERENCES rtb_targets (id),
    request_sent_at    BIGINT  NOT NULL,
    response_time_ms   BIGINT,
    http_status_code   BIGINT,
    response_status    TEXT    NOT NULL CHECK (response_status IN ('success', 'no_bid', 'rejected', 'timeout', 'http_error', 'parse_error', 'connection_error')),
    bid_amount_e4      BIGINT,
    bid_currency       TEXT,
    destination_number TEXT,
    is_accepted        BOOLEAN NOT NULL DEFAULT FALSE,
    is_winning_bid     BOOLEAN NOT NULL DEFAULT FALSE,
    rejection_code     BIGINT,
    rejection_reason   TEXT,
    error_message      TEXT,
    raw_request        TEXT,
    raw_response       TEXT,
    created_at         BIGINT  NOT NULL
);
CREATE INDEX rtb_bid_responses_request ON rtb_bid_responses (bid_request_id);
CREATE INDEX rtb_bid_responses_user_target_created ON rtb_bid_responses (user_id, rtb_target_id, created_at);
CREATE INDEX rtb_bid_responses_user_created ON rtb_bid_responses (user_id, created_at);
