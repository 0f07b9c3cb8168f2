-- Members: the people of an account and their roles. An account is still
-- keyed by its founding user's id (every customer row's user_id); each
-- user belongs to exactly one account. Today's one-user accounts become
-- accounts with their user as owner.
CREATE TABLE account_members (
    user_id    BIGINT NOT NULL PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    account_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role       TEXT   NOT NULL CHECK (role IN ('owner', 'admin', 'manager', 'analyst')),
    invited_by BIGINT,
    created_at BIGINT NOT NULL
);
CREATE INDEX account_members_account ON account_members (account_id, user_id);
INSERT INTO account_members (user_id, account_id, role, created_at)
    SELECT id, id, 'owner', created_at FROM users;

-- Invitations: a link valid for a while (the token is shown once; only
-- its SHA-256 is kept). Accepting makes a user and a membership.
CREATE TABLE invitations (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    account_id       BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    email            TEXT   NOT NULL,
    role             TEXT   NOT NULL CHECK (role IN ('owner', 'admin', 'manager', 'analyst')),
    token_digest     TEXT   NOT NULL,
    invited_by       BIGINT NOT NULL,
    created_at       BIGINT NOT NULL,
    expires_at       BIGINT NOT NULL,
    accepted_at      BIGINT,
    accepted_user_id BIGINT,
    revoked_at       BIGINT
);
CREATE UNIQUE INDEX invitations_token ON invitations (token_digest);
CREATE INDEX invitations_account ON invitations (account_id, id);
