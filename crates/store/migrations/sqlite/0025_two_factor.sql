-- Two-factor sign-in (TOTP, RFC 6238). Secrets are sealed (AES-256-GCM
-- under the server's key) before they are stored; the last accepted time
-- step makes each code work once.
ALTER TABLE users ADD COLUMN totp_secret TEXT;
ALTER TABLE users ADD COLUMN totp_pending TEXT;
ALTER TABLE users ADD COLUMN totp_enabled_at BIGINT;
ALTER TABLE users ADD COLUMN totp_last_step BIGINT;

-- One-time recovery codes, kept as SHA-256 digests.
CREATE TABLE recovery_codes (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id     BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    code_digest TEXT   NOT NULL,
    used_at     BIGINT
);
CREATE INDEX recovery_codes_user ON recovery_codes (user_id, code_digest);

-- The second step of a sign-in: the password was right, a code is due.
CREATE TABLE login_challenges (
    id         TEXT    PRIMARY KEY, -- SHA-256 of the challenge token
    user_id    BIGINT  NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    expires_at BIGINT  NOT NULL,
    attempts   INTEGER NOT NULL DEFAULT 0
);

-- Account-wide security settings.
CREATE TABLE account_settings (
    account_id         BIGINT  NOT NULL PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    require_two_factor BOOLEAN NOT NULL DEFAULT FALSE,
    updated_at         BIGINT  NOT NULL
);
