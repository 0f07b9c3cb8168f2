-- The audit log: every write and sensitive read through the API, who,
-- when, from where, what, and the object before and after. Append-only:
-- a trigger refuses changes and deletions, and each entry carries the
-- SHA-256 of the one before it in the account (a unique prev_hash keeps
-- the chain a line even when nodes append at once), so that an edit
-- made around the trigger shows.
CREATE TABLE audit_log (
    id           BIGSERIAL PRIMARY KEY,
    account_id   BIGINT  NOT NULL,
    at           BIGINT  NOT NULL,
    actor_user   BIGINT,
    actor_key    BIGINT,
    actor        TEXT    NOT NULL,
    ip_address   TEXT,
    user_agent   TEXT,
    action       TEXT    NOT NULL,
    method       TEXT    NOT NULL,
    path         TEXT    NOT NULL,
    status       INTEGER NOT NULL,
    before_json  TEXT,
    after_json   TEXT,
    prev_hash    TEXT    NOT NULL,
    hash         TEXT    NOT NULL
);
CREATE UNIQUE INDEX audit_log_chain ON audit_log (account_id, prev_hash);
CREATE INDEX audit_log_account ON audit_log (account_id, id);
CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the audit log is append-only';
END;
$$;
CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
