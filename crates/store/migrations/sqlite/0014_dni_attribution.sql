-- A call to a number leased by DNI is credited to the session that held
-- it when the call came in (or within the tag's attribution window
-- after): that session's row.
ALTER TABLE calls ADD COLUMN dni_session_id BIGINT;
CREATE INDEX calls_dni_session ON calls (dni_session_id) WHERE dni_session_id IS NOT NULL;
CREATE INDEX dni_sessions_held ON dni_sessions (user_id, phone_number, leased_at);
CREATE INDEX dni_sessions_visitor ON dni_sessions (tag_id, visitor_id, first_visit);
