-- API keys: an account's credentials for its own systems. The key
-- (cc_live_ and 40 random characters) is shown once; only its SHA-256
-- is kept, with its first characters to recognise it. Scopes are JSON
-- (["calls:read", "campaigns:write", …]), the address allowlist JSON
-- CIDRs (empty: any address).
CREATE TABLE api_keys (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id       BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name          TEXT   NOT NULL,
    prefix        TEXT   NOT NULL,
    key_digest    TEXT   NOT NULL,
    scopes        TEXT   NOT NULL,
    allowed_ips   TEXT   NOT NULL DEFAULT '[]',
    expires_at    BIGINT,
    last_used_at  BIGINT,
    last_used_ip  TEXT,
    created_at    BIGINT NOT NULL,
    revoked_at    BIGINT
);
CREATE UNIQUE INDEX api_keys_digest ON api_keys (key_digest);
CREATE INDEX api_keys_user ON api_keys (user_id, id);
