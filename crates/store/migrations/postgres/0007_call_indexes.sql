-- CallSids are ASCII identifiers: compare them byte by byte, whatever the
-- database's collation, so that a CallSid prefix is a range of the unique
-- index (the call list's search finds "CA62…" without reading every call).
ALTER TABLE calls ALTER COLUMN call_sid TYPE TEXT COLLATE "C";

-- (campaign_id, created_at) is covered by calls_user_campaign_created
-- (every query names the account), and it lured planners into reading a
-- month of calls row by row instead of from calls_report. One index less
-- to keep up on every call written.
DROP INDEX IF EXISTS calls_campaign;
