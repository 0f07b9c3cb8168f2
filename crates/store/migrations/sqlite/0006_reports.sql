-- Reports at scale, saved and scheduled reports, and the activity feed.
--
-- calls_report covers every column a report groups, filters or sums, led by
-- the tenant and the time: a 30-day aggregate reads that index alone, never
-- the table (it replaces calls_user_created, whose columns it starts with).
-- Caller state and city are stored upper-case (as carriers send them) so
-- the call list filters them by plain equality on an index; whole phone
-- numbers are found through their own indexes.

ALTER TABLE calls ADD COLUMN rtb_target_id BIGINT;
UPDATE calls SET caller_state = upper(caller_state), caller_city = upper(caller_city)
 WHERE caller_state <> upper(caller_state) OR caller_city <> upper(caller_city);

CREATE INDEX calls_report ON calls (user_id, created_at, campaign_id, buyer_id, status,
    caller_state, rtb_target_id, utm_source, converted, duration, revenue_e4, payout_e4,
    cost_e4, profit_e4);
DROP INDEX IF EXISTS calls_user_created;
CREATE INDEX calls_user_state_created ON calls (user_id, caller_state, created_at);
CREATE INDEX calls_user_city_created ON calls (user_id, caller_city, created_at);
CREATE INDEX calls_user_from_created ON calls (user_id, from_number, created_at);
CREATE INDEX calls_user_to_created ON calls (user_id, to_number, created_at);
CREATE INDEX calls_user_dialed_created ON calls (user_id, dialed_number, created_at);

-- A report definition (dimensions, metrics, filters, chart: JSON checked by
-- the API) and its optional schedule. next_run_at is when the scheduler
-- next files a delivery (NULL: not scheduled).
CREATE TABLE saved_reports (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id     BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name        TEXT   NOT NULL,
    spec        TEXT   NOT NULL,
    frequency   TEXT   NOT NULL DEFAULT 'none' CHECK (frequency IN ('none', 'daily', 'weekly')),
    weekday     BIGINT NOT NULL DEFAULT 1,
    hour        BIGINT NOT NULL DEFAULT 8,
    recipients  TEXT   NOT NULL DEFAULT '[]',
    next_run_at BIGINT,
    created_at  BIGINT NOT NULL,
    updated_at  BIGINT NOT NULL
);
CREATE INDEX saved_reports_user ON saved_reports (user_id, created_at);
CREATE INDEX saved_reports_due ON saved_reports (next_run_at);

-- One e-mailing of a report: retried with back-off until sent or out of
-- attempts; the outcome is shown with the report.
CREATE TABLE report_deliveries (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id         BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    report_id       BIGINT NOT NULL REFERENCES saved_reports (id) ON DELETE CASCADE,
    recipients      TEXT   NOT NULL,
    status          TEXT   NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed')),
    attempts        BIGINT NOT NULL DEFAULT 0,
    next_attempt_at BIGINT,
    last_error      TEXT,
    scheduled_for   BIGINT NOT NULL,
    sent_at         BIGINT,
    created_at      BIGINT NOT NULL
);
CREATE INDEX report_deliveries_report ON report_deliveries (report_id, created_at);
CREATE INDEX report_deliveries_due ON report_deliveries (status, next_attempt_at);

-- The dashboard's activity feed: configuration changes and system alerts.
CREATE TABLE activity (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id     BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind        TEXT   NOT NULL,
    severity    TEXT   NOT NULL DEFAULT 'info' CHECK (severity IN ('info', 'warning', 'error')),
    message     TEXT   NOT NULL,
    entity_type TEXT,
    entity_id   TEXT,
    created_at  BIGINT NOT NULL
);
CREATE INDEX activity_user_created ON activity (user_id, created_at);
