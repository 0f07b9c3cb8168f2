-- Fewer pages written for each call (SQLite).
--
-- An index led by a value many calls share (a state, a city) keeps a run
-- of entries per value, each run ending on a page of its own, and every
-- commit of the voice webhook's group-commit writer wrote a page of each
-- run it added to: one per distinct state and one per distinct city in the
-- batch (1.1 of the 7 WAL pages a call cost in batches of 20, as the
-- webhook benchmark writes them). Both become one index in time order,
-- which calls only append to. The call list filtered by state or city
-- walks it newest first and reads a call's row only for the calls shown; a
-- filtered total reads the account's entries of this narrow index (tens
-- of ms at a million calls, as the unfiltered total reads one too). The
-- caller's, tracking and dialled numbers, the buyer, campaign and status
-- keep their own indexes: other pages count calls by them, and a number
-- search must not read every call. PostgreSQL keeps all of its indexes.
DROP INDEX IF EXISTS calls_user_state_created;
DROP INDEX IF EXISTS calls_user_city_created;
CREATE INDEX calls_place ON calls (user_id, created_at, caller_state, caller_city);
