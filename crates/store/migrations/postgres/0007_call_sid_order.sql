-- CallSids are ASCII identifiers: compare them byte by byte, whatever the
-- database's collation, so that a CallSid prefix is a range of the unique
-- index (the call list's search finds "CA62…" without reading every call).
ALTER TABLE calls ALTER COLUMN call_sid TYPE TEXT COLLATE "C";
