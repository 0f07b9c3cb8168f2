-- Live routing: what the voice webhook decided for each call, the buyer it
-- went to, caller geography, money and the recording. `decision` is the
-- routing engine's JSON (candidates, trace, attempts) so a retried or
-- follow-up webhook on any node continues from it.

ALTER TABLE calls ADD COLUMN buyer_id BIGINT;
ALTER TABLE calls ADD COLUMN phone_number_id BIGINT;
ALTER TABLE calls ADD COLUMN number_pool_id BIGINT;
ALTER TABLE calls ADD COLUMN account_sid TEXT;
ALTER TABLE calls ADD COLUMN caller_city TEXT;
ALTER TABLE calls ADD COLUMN caller_state TEXT;
ALTER TABLE calls ADD COLUMN caller_zip TEXT;
ALTER TABLE calls ADD COLUMN caller_country TEXT;
ALTER TABLE calls ADD COLUMN disposition TEXT NOT NULL DEFAULT 'routed';
ALTER TABLE calls ADD COLUMN dialed_number TEXT;
ALTER TABLE calls ADD COLUMN routing_attempts BIGINT NOT NULL DEFAULT 0;
ALTER TABLE calls ADD COLUMN is_duplicate BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE calls ADD COLUMN payable BOOLEAN NOT NULL DEFAULT TRUE;
ALTER TABLE calls ADD COLUMN converted BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE calls ADD COLUMN min_duration_secs BIGINT NOT NULL DEFAULT 0;
ALTER TABLE calls ADD COLUMN buyer_payout_e4 BIGINT NOT NULL DEFAULT 0;
ALTER TABLE calls ADD COLUMN cost_e4 BIGINT NOT NULL DEFAULT 0;
ALTER TABLE calls ADD COLUMN payout_e4 BIGINT NOT NULL DEFAULT 0;
ALTER TABLE calls ADD COLUMN profit_e4 BIGINT NOT NULL DEFAULT 0;
ALTER TABLE calls ADD COLUMN talk_time BIGINT NOT NULL DEFAULT 0;
ALTER TABLE calls ADD COLUMN connected_at BIGINT;
ALTER TABLE calls ADD COLUMN ended_at BIGINT;
ALTER TABLE calls ADD COLUMN hangup_cause TEXT;
ALTER TABLE calls ADD COLUMN recording_url TEXT;
ALTER TABLE calls ADD COLUMN recording_sid TEXT;
ALTER TABLE calls ADD COLUMN recording_duration BIGINT;
ALTER TABLE calls ADD COLUMN utm_source TEXT;
ALTER TABLE calls ADD COLUMN utm_medium TEXT;
ALTER TABLE calls ADD COLUMN utm_campaign TEXT;
ALTER TABLE calls ADD COLUMN utm_content TEXT;
ALTER TABLE calls ADD COLUMN utm_term TEXT;
ALTER TABLE calls ADD COLUMN decision TEXT;
CREATE INDEX calls_user_buyer ON calls (user_id, buyer_id);
CREATE INDEX calls_campaign ON calls (campaign_id, created_at);
CREATE INDEX calls_open ON calls (ended_at, created_at);

-- Calls to numbers no account owns: no tenant to file them under, kept for
-- the operator (and counted in metrics).
CREATE TABLE unrouted_calls (
    call_sid    TEXT   PRIMARY KEY,
    from_number TEXT   NOT NULL,
    to_number   TEXT   NOT NULL,
    reason      TEXT   NOT NULL,
    created_at  BIGINT NOT NULL
);
