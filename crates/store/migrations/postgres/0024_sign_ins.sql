-- Sign-in history: every attempt on a known username (success or not),
-- from where and with what, for the member to review. Attempts on
-- unknown usernames are not kept (they would name nobody).
CREATE TABLE sign_ins (
    id         BIGSERIAL PRIMARY KEY,
    user_id    BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    success    BOOLEAN NOT NULL,
    reason     TEXT,
    ip_address TEXT,
    user_agent TEXT,
    created_at BIGINT NOT NULL
);
CREATE INDEX sign_ins_user ON sign_ins (user_id, id);
