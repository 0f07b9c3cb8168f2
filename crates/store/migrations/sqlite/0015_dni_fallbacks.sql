-- When a session was first shown the fallback number because its tag's
-- pool was exhausted: the tag's count of such visitors grows once per
-- session, not once per request.
ALTER TABLE dni_sessions ADD COLUMN fallback_at BIGINT;
