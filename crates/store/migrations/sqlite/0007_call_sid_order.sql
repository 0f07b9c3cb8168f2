-- Kept in step with PostgreSQL's 0007, which gives call_sid a byte-wise
-- collation; SQLite's default collation already compares bytes, so a
-- CallSid prefix is a range of the unique index here as it stands.
SELECT 1;
