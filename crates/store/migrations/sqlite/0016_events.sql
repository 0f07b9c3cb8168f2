-- Outbound webhooks: endpoints, the event outbox, one message per
-- endpoint and event, and every delivery attempt.
CREATE TABLE webhook_endpoints (
    id                    INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id               BIGINT  NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    url                   TEXT    NOT NULL,
    description           TEXT,
    event_types           TEXT    NOT NULL DEFAULT '[]', -- JSON array; empty: every event
    campaign_ids          TEXT    NOT NULL DEFAULT '[]', -- JSON array; empty: every campaign
    headers               TEXT    NOT NULL DEFAULT '{}', -- JSON object
    secret                TEXT    NOT NULL,
    previous_secret       TEXT,
    previous_secret_until BIGINT,
    enabled               INTEGER NOT NULL DEFAULT 1,
    disabled_reason       TEXT,
    failing_since         BIGINT,
    created_at            BIGINT  NOT NULL,
    updated_at            BIGINT  NOT NULL
);
CREATE INDEX webhook_endpoints_user ON webhook_endpoints (user_id, enabled);

-- Written by triggers in the transaction of the change itself; a
-- dispatcher turns each row into messages and marks it dispatched.
CREATE TABLE event_outbox (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
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
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
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
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
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
CREATE TRIGGER calls_events_insert AFTER INSERT ON calls
WHEN EXISTS (SELECT 1 FROM webhook_endpoints e WHERE e.user_id = NEW.user_id AND e.enabled)
BEGIN
    INSERT INTO event_outbox (user_id, kind, subject, campaign_id, at)
        SELECT NEW.user_id, 'call.incoming', NEW.id, NEW.campaign_id, NEW.created_at;
    INSERT INTO event_outbox (user_id, kind, subject, campaign_id, at)
        SELECT NEW.user_id, 'call.routed', NEW.id, NEW.campaign_id, NEW.updated_at WHERE NEW.dialed_number IS NOT NULL;
    INSERT INTO event_outbox (user_id, kind, subject, campaign_id, at)
        SELECT NEW.user_id, 'call.answered', NEW.id, NEW.campaign_id, NEW.updated_at WHERE NEW.connected_at IS NOT NULL;
    INSERT INTO event_outbox (user_id, kind, subject, campaign_id, at)
        SELECT NEW.user_id, CASE WHEN NEW.status = 'completed' THEN 'call.completed' ELSE 'call.failed' END, NEW.id, NEW.campaign_id, NEW.updated_at WHERE NEW.ended_at IS NOT NULL;
    INSERT INTO event_outbox (user_id, kind, subject, campaign_id, at)
        SELECT NEW.user_id, 'call.converted', NEW.id, NEW.campaign_id, NEW.updated_at WHERE NEW.converted;
END;
CREATE TRIGGER calls_events_update AFTER UPDATE OF dialed_number, connected_at, ended_at, converted ON calls
WHEN ((OLD.dialed_number IS NULL AND NEW.dialed_number IS NOT NULL)
      OR (OLD.connected_at IS NULL AND NEW.connected_at IS NOT NULL)
      OR (OLD.ended_at IS NULL AND NEW.ended_at IS NOT NULL)
      OR (NOT OLD.converted AND NEW.converted))
     AND EXISTS (SELECT 1 FROM webhook_endpoints e WHERE e.user_id = NEW.user_id AND e.enabled)
BEGIN
    INSERT INTO event_outbox (user_id, kind, subject, campaign_id, at)
        SELECT NEW.user_id, 'call.routed', NEW.id, NEW.campaign_id, NEW.updated_at WHERE OLD.dialed_number IS NULL AND NEW.dialed_number IS NOT NULL;
    INSERT INTO event_outbox (user_id, kind, subject, campaign_id, at)
        SELECT NEW.user_id, 'call.answered', NEW.id, NEW.campaign_id, NEW.updated_at WHERE OLD.connected_at IS NULL AND NEW.connected_at IS NOT NULL;
    INSERT INTO event_outbox (user_id, kind, subject, campaign_id, at)
        SELECT NEW.user_id, CASE WHEN NEW.status = 'completed' THEN 'call.completed' ELSE 'call.failed' END, NEW.id, NEW.campaign_id, NEW.updated_at WHERE OLD.ended_at IS NULL AND NEW.ended_at IS NOT NULL;
    INSERT INTO event_outbox (user_id, kind, subject, campaign_id, at)
        SELECT NEW.user_id, 'call.converted', NEW.id, NEW.campaign_id, NEW.updated_at WHERE NOT OLD.converted AND NEW.converted;
END;

-- Campaigns, buyers and RTB targets: created, updated, status changed,
-- deleted (soft).
CREATE TRIGGER campaigns_events_insert AFTER INSERT ON campaigns
WHEN EXISTS (SELECT 1 FROM webhook_endpoints e WHERE e.user_id = NEW.user_id AND e.enabled)
BEGIN
    INSERT INTO event_outbox (user_id, kind, subject, campaign_id, at)
        SELECT NEW.user_id, 'campaign.created', NEW.id, NEW.id, NEW.updated_at;
END;
CREATE TRIGGER campaigns_events_update AFTER UPDATE ON campaigns
WHEN (NEW.updated_at <> OLD.updated_at OR NEW.status IS NOT OLD.status
      OR NEW.deleted_at IS NOT OLD.deleted_at)
     AND EXISTS (SELECT 1 FROM webhook_endpoints e WHERE e.user_id = NEW.user_id AND e.enabled)
BEGIN
    INSERT INTO event_outbox (user_id, kind, subject, campaign_id, at)
        SELECT NEW.user_id, 'campaign.deleted', NEW.id, NEW.id, NEW.deleted_at WHERE NEW.deleted_at IS NOT NULL AND OLD.deleted_at IS NULL;
    INSERT INTO event_outbox (user_id, kind, subject, campaign_id, at)
        SELECT NEW.user_id, 'campaign.status_changed', NEW.id, NEW.id, NEW.updated_at WHERE NEW.deleted_at IS NULL AND NEW.status IS NOT OLD.status;
    INSERT INTO event_outbox (user_id, kind, subject, campaign_id, at)
        SELECT NEW.user_id, 'campaign.updated', NEW.id, NEW.id, NEW.updated_at WHERE NEW.deleted_at IS NULL AND NEW.status IS OLD.status AND NEW.updated_at <> OLD.updated_at;
END;
CREATE TRIGGER buyers_events_insert AFTER INSERT ON buyers
WHEN EXISTS (SELECT 1 FROM webhook_endpoints e WHERE e.user_id = NEW.user_id AND e.enabled)
BEGIN
    INSERT INTO event_outbox (user_id, kind, subject, campaign_id, at)
        SELECT NEW.user_id, 'buyer.created', NEW.id, NULL, NEW.updated_at;
END;
CREATE TRIGGER buyers_events_update AFTER UPDATE ON buyers
WHEN (NEW.updated_at <> OLD.updated_at OR NEW.status IS NOT OLD.status
      OR NEW.deleted_at IS NOT OLD.deleted_at)
     AND EXISTS (SELECT 1 FROM webhook_endpoints e WHERE e.user_id = NEW.user_id AND e.enabled)
BEGIN
    INSERT INTO event_outbox (user_id, kind, subject, campaign_id, at)
        SELECT NEW.user_id, 'buyer.deleted', NEW.id, NULL, NEW.deleted_at WHERE NEW.deleted_at IS NOT NULL AND OLD.deleted_at IS NULL;
    INSERT INTO event_outbox (user_id, kind, subject, campaign_id, at)
        SELECT NEW.user_id, 'buyer.status_changed', NEW.id, NULL, NEW.updated_at WHERE NEW.deleted_at IS NULL AND NEW.status IS NOT OLD.status;
    INSERT INTO event_outbox (user_id, kind, subject, campaign_id, at)
        SELECT NEW.user_id, 'buyer.updated', NEW.id, NULL, NEW.updated_at WHERE NEW.deleted_at IS NULL AND NEW.status IS OLD.status AND NEW.updated_at <> OLD.updated_at;
END;
CREATE TRIGGER rtb_targets_events_insert AFTER INSERT ON rtb_targets
WHEN EXISTS (SELECT 1 FROM webhook_endpoints e WHERE e.user_id = NEW.user_id AND e.enabled)
BEGIN
    INSERT INTO event_outbox (user_id, kind, subject, campaign_id, at)
        SELECT NEW.user_id, 'rtb_target.created', NEW.id, NULL, NEW.updated_at;
END;
CREATE TRIGGER rtb_targets_events_update AFTER UPDATE ON rtb_targets
WHEN (NEW.updated_at <> OLD.updated_at OR NEW.status IS NOT OLD.status
      OR NEW.deleted_at IS NOT OLD.deleted_at)
     AND EXISTS (SELECT 1 FROM webhook_endpoints e WHERE e.user_id = NEW.user_id AND e.enabled)
BEGIN
    INSERT INTO event_outbox (user_id, kind, subject, campaign_id, at)
        SELECT NEW.user_id, 'rtb_target.deleted', NEW.id, NULL, NEW.deleted_at WHERE NEW.deleted_at IS NOT NULL AND OLD.deleted_at IS NULL;
    INSERT INTO event_outbox (user_id, kind, subject, campaign_id, at)
        SELECT NEW.user_id, 'rtb_target.status_changed', NEW.id, NULL, NEW.updated_at WHERE NEW.deleted_at IS NULL AND NEW.status IS NOT OLD.status;
    INSERT INTO event_outbox (user_id, kind, subject, campaign_id, at)
        SELECT NEW.user_id, 'rtb_target.updated', NEW.id, NULL, NEW.updated_at WHERE NEW.deleted_at IS NULL AND NEW.status IS OLD.status AND NEW.updated_at <> OLD.updated_at;
END;

-- A finished auction, and an alert (a warning or error of the activity feed).
CREATE TRIGGER rtb_bid_requests_events_insert AFTER INSERT ON rtb_bid_requests
WHEN NEW.auction_status <> 'pending' AND EXISTS (SELECT 1 FROM webhook_endpoints e WHERE e.user_id = NEW.user_id AND e.enabled)
BEGIN
    INSERT INTO event_outbox (user_id, kind, subject, campaign_id, at)
        SELECT NEW.user_id, 'auction.completed', NEW.id, NEW.campaign_id, NEW.created_at;
END;
CREATE TRIGGER rtb_bid_requests_events_update AFTER UPDATE OF auction_status ON rtb_bid_requests
WHEN OLD.auction_status = 'pending' AND NEW.auction_status <> 'pending' AND EXISTS (SELECT 1 FROM webhook_endpoints e WHERE e.user_id = NEW.user_id AND e.enabled)
BEGIN
    INSERT INTO event_outbox (user_id, kind, subject, campaign_id, at)
        SELECT NEW.user_id, 'auction.completed', NEW.id, NEW.campaign_id, NEW.created_at;
END;
CREATE TRIGGER activity_events AFTER INSERT ON activity
WHEN NEW.severity <> 'info' AND EXISTS (SELECT 1 FROM webhook_endpoints e WHERE e.user_id = NEW.user_id AND e.enabled)
BEGIN
    INSERT INTO event_outbox (user_id, kind, subject, campaign_id, at)
        SELECT NEW.user_id, 'alert.' || NEW.kind, NEW.id, CASE WHEN NEW.entity_type = 'campaign' THEN NEW.entity_id END, NEW.created_at;
END;
