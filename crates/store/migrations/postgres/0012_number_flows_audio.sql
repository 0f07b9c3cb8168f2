-- A tracking number may run a call flow of its own, in place of its
-- campaign's.
ALTER TABLE phone_numbers ADD COLUMN call_flow_id BIGINT REFERENCES call_flows (id);

-- Audio files uploaded for call flows' prompts, kept in the database so
-- that every node serves them. The carrier fetches one by its token (long,
-- random, the only thing its URL holds).
CREATE TABLE audio_files (
    id           BIGSERIAL PRIMARY KEY,
    user_id      BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    token        TEXT   NOT NULL UNIQUE,
    name         TEXT   NOT NULL,
    content_type TEXT   NOT NULL,
    size_bytes   BIGINT NOT NULL,
    data         BYTEA  NOT NULL,
    created_at   BIGINT NOT NULL
);
CREATE INDEX audio_files_user ON audio_files (user_id, created_at);
