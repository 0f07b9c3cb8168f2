-- (campaign_id, created_at) is covered by calls_user_campaign_created
-- (every query names the account), and it lured the planner into reading
-- a month of calls row by row (a skip-scan) instead of from calls_report.
-- One index less to keep up on every call written.
--
-- (PostgreSQL's 0007 also gives call_sid a byte-wise collation; SQLite's
-- default collation already compares bytes, so a CallSid prefix is a
-- range of the unique index here as it stands.)
DROP INDEX IF EXISTS calls_campaign;
