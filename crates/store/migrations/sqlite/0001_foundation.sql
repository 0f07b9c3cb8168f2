-- Foundation: users (one user = one account/tenant), server-side sessions,
-- and the first columns of campaigns and calls that the dashboard reads.
-- Times are BIGINT milliseconds since the Unix epoch (UTC).
-- Money is BIGINT in ten-thousandths of the currency unit (suffix _e4).

CREATE TABLE users (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    username      TEXT    NOT NULL,
    email         TEXT,
    password_hash TEXT    NOT NULL,
    first_name    TEXT,
    last_name     TEXT,
    time_zone     TEXT    NOT NULL DEFAULT 'UTC',
    language      TEXT    NOT NULL DEFAULT 'en',
    status        TEXT    NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'disabled')),
    created_at    BIGINT  NOT NULL,
    updated_at    BIGINT  NOT NULL
);
CREATE UNIQUE INDEX users_username_key ON users (lower(username));
CREATE UNIQUE INDEX users_email_key ON users (lower(email));

CREATE TABLE sessions (
    id           TEXT   PRIMARY KEY, -- SHA-256 of the cookie token, never the token
    user_id      BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at   BIGINT NOT NULL,
    last_seen_at BIGINT NOT NULL,
    expires_at   BIGINT NOT NULL,     -- absolute expiry; idle expiry is last_seen_at + idle timeout
    user_agent   TEXT,
    ip_address   TEXT
);
CREATE INDEX sessions_user_id ON sessions (user_id);
CREATE INDEX sessions_expires_at ON sessions (expires_at);

CREATE TABLE campaigns (
    id          TEXT   PRIMARY KEY, -- UUID
    user_id     BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name        TEXT   NOT NULL,
    description TEXT,
    type        TEXT   NOT NULL CHECK (type IN ('direct', 'pool', 'rtb')),
    status      TEXT   NOT NULL DEFAULT 'draft' CHECK (status IN ('active', 'paused', 'completed', 'draft')),
    created_at  BIGINT NOT NULL,
    updated_at  BIGINT NOT NULL,
    deleted_at  BIGINT
);
CREATE INDEX campaigns_user_status ON campaigns (user_id, status);

CREATE TABLE calls (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id     BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    campaign_id TEXT   REFERENCES campaigns (id),
    call_sid    TEXT   NOT NULL,
    from_number TEXT   NOT NULL,
    to_number   TEXT   NOT NULL,
    status      TEXT   NOT NULL DEFAULT 'initiated',
    duration    BIGINT NOT NULL DEFAULT 0,
    revenue_e4  BIGINT NOT NULL DEFAULT 0,
    created_at  BIGINT NOT NULL,
    updated_at  BIGINT NOT NULL
);
CREATE UNIQUE INDEX calls_call_sid_key ON calls (call_sid);
CREATE INDEX calls_user_created ON calls (user_id, created_at);
