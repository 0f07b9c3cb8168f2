-- Outbound webhooks: endpoints, the event outbox, one message per
-- endpoint and event, and every delivery attempt.
CREATE TABLE webhook_endpoints (
    id                    BIGSERIAL PRIMARY KEY,
    user_id               BIGINT  NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    url                   TEXT    NOT NULL,
    description           TEXT,
    event_types           TEXT    NOT NULL DEFAULT '[]', -- JSON array; empty: every event
    campaign_ids          TEXT    NOT NULL DEFAULT '[]', -- JSON array; empty: every campaign
    headers               TEXT    NOT NULL DEFAULT '{}', -- JSON object
    secret                TEXT    NOT NULL,
    previous_secret       TEXT,
    previous_secret_until BIGINT,
    enabled               BOOLEAN NOT NULL DEFAULT TRUE,
    disabled_reason       TEXT,
    failing_since         BIGINT,
    created_at            BIGINT  NOT NULL,
    updated_at            BIGINT  NOT NULL
);
CREATE INDEX webhook_endpoints_user ON webhook_endpoints (user_id, enabled);

-- Written by triggers in the transaction of the change itself; a
-- dispatcher turns each row into messages and marks it dispatched.
CREATE TABLE event_outbox (
    id            BIGSERIAL PRIMARY KEY,
    user_id       BIGINT NOT NULL,
    kind          TEXT   NOT NULL,
    subject       TEXT   NOT NULL,
    campaign_id   TEXT,
    endpoint_id   BIGINT, -- a test event: for this endpoint only
    at            BIGINT NOT NULL,
    dispatched_at BIGINT
);
CREATE INDEX event_outbox_pending ON event_outbox (id) WHERE dispatched_at IS NULL;
CREATE INDEX event_outbox_dispatched ON event_outbox (dispatched_at) WHERE dispatched_at IS NOT NULL;

CREATE TABLE webhook_messages (
    id              BIGSERIAL PRIMARY KEY,
    user_id         BIGINT  NOT NULL,
    endpoint_id     BIGINT  NOT NULL REFERENCES webhook_endpoints (id) ON DELETE CASCADE,
    event_id        BIGINT  NOT NULL,
    event_type      TEXT    NOT NULL,
    body            TEXT    NOT NULL,
    status          TEXT    NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'failed')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at BIGINT,
    locked_until    BIGINT,
    last_status     INTEGER,
    last_error      TEXT,
    created_at      BIGINT  NOT NULL,
    delivered_at    BIGINT,
    UNIQUE (endpoint_id, event_id)
);
CREATE INDEX webhook_messages_due ON webhook_messages (next_attempt_at) WHERE status = 'pending';
CREATE INDEX webhook_messages_endpoint ON webhook_messages (endpoint_id, id);

CREATE TABLE webhook_attempts (
    id          BIGSERIAL PRIMARY KEY,
    message_id  BIGINT NOT NULL REFERENCES webhook_messages (id) ON DELETE CASCADE,
    endpoint_id BIGINT NOT NULL,
    at          BIGINT NOT NULL,
    status_code INTEGER,
    latency_ms  BIGINT NOT NULL,
    response    TEXT,
    error       TEXT
);
CREATE INDEX webhook_attempts_message ON webhook_attempts (message_id, id);
CREATE INDEX webhook_attempts_endpoint ON webhook_attempts (endpoint_id, at);

-- Events of accounts with an enabled endpoint, from the rows' own
-- changes (so every writer, the call path's group commit included, emits
-- them in its own transaction).
CREATE FUNCTION cc_listening(account BIGINT) RETURNS BOOLEAN LANGUAGE sql STABLE AS $$
    SELECT EXISTS (SELECT 1 FROM webhook_endpoints e WHERE e.user_id = account AND e.enabled)
$$;

CREATE FUNCTION cc_call_events() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NOT cc_listening(NEW.user_id) THEN
        RETURN NULL;
    END IF;
    IF TG_OP = 'INSERT' THEN
        INSERT INTO event_outbox (user_id, kind, subject, campaign_id, at)
            VALUES (NEW.user_id, 'call.incoming', NEW.id::text, NEW.campaign_id, NEW.created_at);
    END IF;
    IF NEW.dialed_number IS NOT NULL AND (TG_OP = 'INSERT' OR OLD.dialed_number IS NULL) THEN
        INSERT INTO event_outbox (user_id, kind, subject, campaign_id, at)
            VALUES (NEW.user_id, 'call.routed', NEW.id::text, NEW.campaign_id, NEW.updated_at);
    END IF;
    IF NEW.connected_at IS NOT NULL AND (TG_OP = 'INSERT' OR OLD.connected_at IS NULL) THEN
        INSERT INTO event_outbox (user_id, kind, subject, campaign_id, at)
            VALUES (NEW.user_id, 'call.answered', NEW.id::text, NEW.campaign_id, NEW.updated_at);
    END IF;
    IF NEW.ended_at IS NOT NULL AND (TG_OP = 'INSERT' OR OLD.ended_at IS NULL) THEN
        INSERT INTO event_outbox (user_id, kind, subject, campaign_id, at)
            VALUES (NEW.user_id,
                    CASE WHEN NEW.status = 'completed' THEN 'call.completed' ELSE 'call.failed' END,
                    NEW.id::text, NEW.campaign_id, NEW.updated_at);
    END IF;
    IF NEW.converted AND (TG_OP = 'INSERT' OR NOT OLD.converted) THEN
        INSERT INTO event_outbox (user_id, kind, subject, campaign_id, at)
            VALUES (NEW.user_id, 'call.converted', NEW.id::text, NEW.campaign_id, NEW.updated_at);
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER calls_events_insert AFTER INSERT ON calls
    FOR EACH ROW EXECUTE FUNCTION cc_call_events();
CREATE TRIGGER calls_events_update AFTER UPDATE ON calls FOR EACH ROW
    WHEN (OLD.dialed_number IS DISTINCT FROM NEW.dialed_number
          OR OLD.connected_at IS DISTINCT FROM NEW.connected_at
          OR OLD.ended_at IS DISTINCT FROM NEW.ended_at
          OR OLD.converted IS DISTINCT FROM NEW.converted)
    EXECUTE FUNCTION cc_call_events();

-- Campaigns, buyers and RTB targets: created, updated, status changed,
-- deleted (soft).
CREATE FUNCTION cc_config_events() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    what TEXT := TG_ARGV[0];
    campaign TEXT;
BEGIN
    IF NOT cc_listening(NEW.user_id) THEN
        RETURN NULL;
    END IF;
    IF what = 'campaign' THEN
        campaign := NEW.id::text;
    END IF;
    IF TG_OP = 'INSERT' THEN
        INSERT INTO event_outbox (user_id, kind, subject, campaign_id, at)
            VALUES (NEW.user_id, what || '.created', NEW.id::text, campaign, NEW.updated_at);
    ELSIF NEW.deleted_at IS NOT NULL AND OLD.deleted_at IS NULL THEN
        INSERT INTO event_outbox (user_id, kind, subject, campaign_id, at)
            VALUES (NEW.user_id, what || '.deleted', NEW.id::text, campaign, NEW.deleted_at);
    ELSIF NEW.deleted_at IS NULL THEN
        IF NEW.status IS DISTINCT FROM OLD.status THEN
            INSERT INTO event_outbox (user_id, kind, subject, campaign_id, at)
                VALUES (NEW.user_id, what || '.status_changed', NEW.id::text, campaign, NEW.updated_at);
        ELSE
            INSERT INTO event_outbox (user_id, kind, subject, campaign_id, at)
                VALUES (NEW.user_id, what || '.updated', NEW.id::text, campaign, NEW.updated_at);
        END IF;
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER campaigns_events_insert AFTER INSERT ON campaigns FOR EACH ROW
    EXECUTE FUNCTION cc_config_events('campaign');
CREATE TRIGGER campaigns_events_update AFTER UPDATE ON campaigns FOR EACH ROW
    WHEN (OLD.updated_at IS DISTINCT FROM NEW.updated_at OR OLD.status IS DISTINCT FROM NEW.status
          OR OLD.deleted_at IS DISTINCT FROM NEW.deleted_at) EXECUTE FUNCTION cc_config_events('campaign');
CREATE TRIGGER buyers_events_insert AFTER INSERT ON buyers FOR EACH ROW
    EXECUTE FUNCTION cc_config_events('buyer');
CREATE TRIGGER buyers_events_update AFTER UPDATE ON buyers FOR EACH ROW
    WHEN (OLD.updated_at IS DISTINCT FROM NEW.updated_at OR OLD.status IS DISTINCT FROM NEW.status
          OR OLD.deleted_at IS DISTINCT FROM NEW.deleted_at) EXECUTE FUNCTION cc_config_events('buyer');
CREATE TRIGGER rtb_targets_events_insert AFTER INSERT ON rtb_targets FOR EACH ROW
    EXECUTE FUNCTION cc_config_events('rtb_target');
CREATE TRIGGER rtb_targets_events_update AFTER UPDATE ON rtb_targets FOR EACH ROW
    WHEN (OLD.updated_at IS DISTINCT FROM NEW.updated_at OR OLD.status IS DISTINCT FROM NEW.status
          OR OLD.deleted_at IS DISTINCT FROM NEW.deleted_at) EXECUTE FUNCTION cc_config_events('rtb_target');

-- A finished auction, and an alert (a warning or error of the activity feed).
CREATE FUNCTION cc_auction_events() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.auction_status <> 'pending' AND (TG_OP = 'INSERT' OR OLD.auction_status = 'pending')
       AND cc_listening(NEW.user_id) THEN
        INSERT INTO event_outbox (user_id, kind, subject, campaign_id, at)
            VALUES (NEW.user_id, 'auction.completed', NEW.id::text, NEW.campaign_id, NEW.created_at);
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER rtb_bid_requests_events AFTER INSERT OR UPDATE OF auction_status ON rtb_bid_requests
    FOR EACH ROW EXECUTE FUNCTION cc_auction_events();

CREATE FUNCTION cc_alert_events() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.severity <> 'info' AND cc_listening(NEW.user_id) THEN
        INSERT INTO event_outbox (user_id, kind, subject, campaign_id, at)
            VALUES (NEW.user_id, 'alert.' || NEW.kind, NEW.id::text,
                    CASE WHEN NEW.entity_type = 'campaign' THEN NEW.entity_id END, NEW.created_at);
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER activity_events AFTER INSERT ON activity FOR EACH ROW
    EXECUTE FUNCTION cc_alert_events();
