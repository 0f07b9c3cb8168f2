-- Callers' states and cities are stored exactly as the carrier sent them;
-- filters and reports compare them without regard to case, through
-- upper(). These indexes serve those comparisons.
DROP INDEX IF EXISTS calls_user_state_created;
DROP INDEX IF EXISTS calls_user_city_created;
CREATE INDEX calls_user_state_created ON calls (user_id, upper(caller_state), created_at);
CREATE INDEX calls_user_city_created ON calls (user_id, upper(caller_city), created_at);
